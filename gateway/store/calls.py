"""The calls table: where each caller is between webhooks. The one module that writes it.

Each turn of a call has a number (`seq`). A plain step (a key, speech or silence that needs no
report filed or looked up) reads the call (`read`) and saves the next turn with one UPDATE that
applies only while the call is still at the turn it read (`advance`), both on an autocommit
connection: two statements, no transaction held while the flow engine runs. When a repeated
delivery of the same webhook got there first, the UPDATE matches no row and the caller is given
the TwiML the winner saved. A turn that files or looks up a report runs in a transaction with
the row locked (`lock`), so a report is never filed twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from gateway.store import models
from gateway.store.database import insert_ignoring

CALLS = models.table(models.Call)


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


# Built once: every step of every call runs these, and building a statement costs more than
# running it.
_READ = (select(CALLS.c.id, CALLS.c.call_sid, CALLS.c.from_number, CALLS.c.state,
                CALLS.c.last_twiml, CALLS.c.report_id, CALLS.c.status)
         .where(CALLS.c.call_sid == bindparam("sid")))
_LOCK = _READ.with_for_update()
_ADVANCE = update(CALLS).where(CALLS.c.id == bindparam("call_id"),
                               CALLS.c.seq == bindparam("read_seq")).values(
    state=bindparam("state", type_=CALLS.c.state.type), seq=bindparam("seq"),
    last_twiml=bindparam("twiml"), updated_at=bindparam("now", type_=CALLS.c.updated_at.type))
_SAVE_TURN = update(CALLS).where(CALLS.c.id == bindparam("call_id")).values(
    state=bindparam("state", type_=CALLS.c.state.type), seq=bindparam("seq"),
    last_twiml=bindparam("twiml"), updated_at=bindparam("now", type_=CALLS.c.updated_at.type))


def _row(found: Any) -> CallRow | None:
    if found is None:
        return None
    return CallRow(found[0], found[1], found[2], dict(found[3] or {}), found[4], found[5],
                   found[6])


def read(connection: Connection, call_sid: str) -> CallRow | None:
    """The call as it is now, without locking it."""
    return _row(connection.execute(_READ, {"sid": call_sid}).first())


def lock(connection: Connection, call_sid: str) -> CallRow | None:
    """The call, its row locked until the transaction ends (SQLite: the writer lock is held)."""
    return _row(connection.execute(_LOCK, {"sid": call_sid}).first())


def advance(connection: Connection, call: CallRow, read_seq: int, state: dict[str, Any],
            twiml: str, now: datetime) -> bool:
    """Save the next turn unless another delivery moved the call on since it was read at
    `read_seq`; False when one did."""
    done = connection.execute(_ADVANCE, {
        "call_id": call.id, "read_seq": read_seq, "state": state,
        "seq": int(state.get("seq", 0)), "twiml": twiml, "now": now})
    return bool(done.rowcount == 1)


def start(connection: Connection, call_sid: str, from_number: str | None,
          to_number: str | None, flow: str, now: datetime) -> CallRow:
    """The call's row, made on its first webhook; a concurrent first delivery waits for this one
    (the unique CallSid decides) and then finds the row made here."""
    connection.execute(insert_ignoring(CALLS, connection.dialect, "call_sid"), {
        "call_sid": call_sid, "from_number": from_number, "to_number": to_number, "flow": flow,
        "state": {}, "seq": 0, "last_twiml": "", "status": "in-progress", "started_at": now,
        "updated_at": now})
    found = lock(connection, call_sid)
    assert found is not None
    return found


def save_turn(connection: Connection, call: CallRow, state: dict[str, Any], twiml: str,
              now: datetime) -> None:
    """The call's new flow state and the TwiML that answered it."""
    call.state, call.last_twiml = state, twiml
    connection.execute(_SAVE_TURN, {"call_id": call.id, "state": state, "seq": call.seq,
                                    "twiml": twiml, "now": now})


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
