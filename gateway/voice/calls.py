"""The call row each voice webhook reads and writes: where a caller is between webhooks.

A plain step (the caller pressed a key, said something or stayed silent, and nothing needs filing)
costs two statements on an autocommit connection: `read` the row, then `advance` it, an UPDATE
that applies only while the call is still at the turn that was read. When a repeated delivery of
the same webhook got there first, the UPDATE matches no row and the caller is given the TwiML the
winner saved. Steps that file a report or look one up run in a transaction with the row locked
(`lock`, `save`), so a report is never filed twice.

The two statements of a plain step are compiled once per database dialect and run on the driver's
cursor with SQLAlchemy's own type conversions (`DriverStatement`): SQLAlchemy's execution path
cost more CPU than the statement itself (PostgreSQL: ~170 against ~80 us per statement; SQLite:
~45 against ~5 us), and CPU is what limits a small server answering many callers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from gateway.store import models
from gateway.store.database import DriverStatement

CALLS = models.Call.__table__


@dataclass
class CallRow:
    """The columns of a call a step needs."""

    id: int | None
    call_sid: str
    from_number: str | None
    state: dict[str, Any]
    last_twiml: str
    report_id: int | None


_COLUMNS = (CALLS.c.id, CALLS.c.call_sid, CALLS.c.from_number, CALLS.c.state,
            CALLS.c.last_twiml, CALLS.c.report_id)
_READ = select(*_COLUMNS).where(CALLS.c.call_sid == bindparam("sid"))
# FOR UPDATE serialises two deliveries for the same call on PostgreSQL; on SQLite the writer
# transaction's BEGIN IMMEDIATE already does.
_LOCK = _READ.with_for_update()
_ADVANCE = (
    update(CALLS)
    .where(CALLS.c.id == bindparam("call_id"), CALLS.c.seq == bindparam("read_seq"))
    .values(state=bindparam("new_state", type_=CALLS.c.state.type),
            seq=bindparam("new_seq"), last_twiml=bindparam("twiml"),
            updated_at=bindparam("now", type_=CALLS.c.updated_at.type))
)


@functools.lru_cache(maxsize=16)
def _statements(dialect: Dialect) -> tuple[DriverStatement, DriverStatement]:
    return DriverStatement(_READ, dialect), DriverStatement(_ADVANCE, dialect)


def read(connection: Connection, call_sid: str) -> CallRow | None:
    """The call, on an autocommit connection (`Database.autocommit`)."""
    row = _statements(connection.dialect)[0].run(connection, {"sid": call_sid})
    return CallRow(*row) if row is not None else None


def advance(connection: Connection, call: CallRow, read_seq: int, state: dict[str, Any],
            twiml: str, now: datetime) -> bool:
    """Save the next turn unless another delivery already moved the call on; False if it did."""
    count = _statements(connection.dialect)[1].run(connection, {
        "call_id": call.id, "read_seq": read_seq, "new_state": state,
        "new_seq": int(state.get("seq", 0)), "twiml": twiml, "now": now,
    })
    return bool(count == 1)


def lock(session: Session, call_sid: str) -> CallRow | None:
    row = session.execute(_LOCK, {"sid": call_sid}).first()
    return CallRow(*row) if row is not None else None


def save(session: Session, call: CallRow, now: datetime, **values: Any) -> None:
    """Write `values` to the call row (and to `call`) inside the session's transaction."""
    if "state" in values:
        values["seq"] = int(values["state"].get("seq", 0))
    for name, value in values.items():
        if hasattr(call, name):
            setattr(call, name, value)
    session.execute(update(CALLS).where(CALLS.c.id == call.id).values(updated_at=now, **values))
