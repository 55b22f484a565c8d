"""The calls table: where each caller is between webhooks. The one module that writes it.

Every step of a call runs in one transaction with the call's row locked (`lock`), so two
deliveries of the same webhook follow one another: the second finds the turn (`seq`) already
moved on and is given the TwiML the first saved, and a report is never filed twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from gateway.store import models
from gateway.store.database import insert_ignoring

CALLS = models.Call.__table__


@dataclass
class CallRow:
    """The columns of a call a step needs."""

    id: int
    call_sid: str
    from_number: str | None
    state: dict[str, Any]
    last_twiml: str
    report_id: int | None
    status: str

    @property
    def seq(self) -> int:
        return int(self.state.get("seq", 0))


_COLUMNS = (CALLS.c.id, CALLS.c.call_sid, CALLS.c.from_number, CALLS.c.state,
            CALLS.c.last_twiml, CALLS.c.report_id, CALLS.c.status)


def lock(connection: Connection, call_sid: str) -> CallRow | None:
    """The call, its row locked until the transaction ends (SQLite: the writer lock is held)."""
    row = connection.execute(select(*_COLUMNS).where(CALLS.c.call_sid == call_sid)
                             .with_for_update()).first()
    return CallRow(row[0], row[1], row[2], dict(row[3] or {}), row[4], row[5], row[6]) \
        if row is not None else None


def start(connection: Connection, call_sid: str, from_number: str | None,
          to_number: str | None, flow: str, now: datetime) -> CallRow:
    """The call's row, made on its first webhook; a concurrent first delivery waits for this one
    (the unique CallSid decides) and then finds the row made here."""
    connection.execute(insert_ignoring(CALLS, connection.dialect, "call_sid").values(
        call_sid=call_sid, from_number=from_number, to_number=to_number, flow=flow, state={},
        seq=0, last_twiml="", status="in-progress", started_at=now, updated_at=now))
    found = lock(connection, call_sid)
    assert found is not None
    return found


def save(connection: Connection, call: CallRow, now: datetime, **values: Any) -> None:
    """Write `values` (state, last_twiml, status, report_id) to the call row and to `call`."""
    for name, value in values.items():
        setattr(call, name, value)
    if "state" in values:
        values["seq"] = call.seq  # as a column too: a step is saved for the turn it answers
    connection.execute(update(CALLS).where(CALLS.c.id == call.id)
                       .values(updated_at=now, **values))


def remembered_language(connection: Connection, from_number: str | None) -> str:
    """The language this number chose on its latest earlier call, if any."""
    if not from_number:
        return ""
    states = connection.execute(
        select(CALLS.c.state).where(CALLS.c.from_number == from_number)
        .order_by(CALLS.c.started_at.desc(), CALLS.c.id.desc()).limit(5)).scalars()
    return next((s["answers"]["language"] for s in states
                 if s and s.get("answers", {}).get("language")), "")


def state_of(connection: Connection, call_sid: str) -> dict[str, Any]:
    """The call's flow state (empty when the call is unknown), read without locking."""
    found = connection.execute(select(CALLS.c.state).where(CALLS.c.call_sid == call_sid)).first()
    return dict(found[0] or {}) if found is not None else {}


def with_operator(connection: Connection, call_sid: str, now: datetime) -> None:
    """An operator took the call from the queue."""
    connection.execute(update(CALLS).where(CALLS.c.call_sid == call_sid)
                       .values(status="with-operator", updated_at=now))
