"""A report's history: the append-only `report_events` rows, who did what, when and why.

Every change to a report adds its event through `record` in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from gateway.store import reports as rows
from gateway.store.database import Connection


class ReportRef(Protocol):
    """What names a report: its row id and its ticket."""

    @property
    def id(self) -> int: ...

    @property
    def ticket(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Event:
    """One line of a report's history: who did what, and the status it led to."""

    report_id: int
    actor: str  # citizen, system, operator:<username>
    action: str  # created, routed, status, note, ...
    detail: dict[str, Any] | None = None
    from_status: str | None = None
    to_status: str | None = None


def record(connection: Connection, now: datetime, *events: Event) -> None:
    """Append `events`, all at `now`, with one statement."""
    rows.add_events(connection, [
        {"report_id": e.report_id, "at": now, "actor": e.actor, "action": e.action,
         "from_status": e.from_status, "to_status": e.to_status, "detail": e.detail or {}}
        for e in events])
