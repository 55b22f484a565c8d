"""Reports in the database: every statement on `reports`, `report_reporters` and
`report_events`. The rules (who joins what, when a priority rises, which deadline is due) live
in `gateway.reports`; this module only reads and writes rows, in the caller's transaction.
Hot statements are built once at import: building one costs more than running it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, update
from sqlalchemy.engine import Connection

from gateway.store import models
from gateway.store.database import insert_ignoring

REPORTS = models.table(models.Report)
REPORTERS = models.table(models.ReportReporter)
EVENTS = models.table(models.ReportEvent)
OPEN_STATUSES = ("forwarded", "in_progress", "new", "verified")


@dataclass(frozen=True, slots=True)
class ReportRow:
    """The columns of a report that changes look at."""

    id: int
    ticket: str
    status: str
    agency_code: str | None
    category_code: str | None
    area_code: str | None
    reporter: str | None
    language: str
    channel: str
    parent_id: int | None
    created_at: datetime
    kind: str = "report"  # or "question"


@dataclass(frozen=True, slots=True)
class OpenReport:
    """The open report a new one of the same problem may join."""

    id: int
    ticket: str
    agency_code: str | None
    priority: str
    reporter: str | None
    reporters: int


@dataclass(frozen=True, slots=True)
class SameCall:
    """The report a call filed already, with the report it joined as a duplicate."""

    id: int
    ticket: str
    parent_id: int | None
    parent_ticket: str | None


_ROW = select(REPORTS.c.id, REPORTS.c.ticket, REPORTS.c.status, REPORTS.c.agency_code,
              REPORTS.c.category_code, REPORTS.c.area_code, REPORTS.c.reporter,
              REPORTS.c.language, REPORTS.c.channel, REPORTS.c.parent_id, REPORTS.c.created_at,
              REPORTS.c.kind)
_OPEN_COLUMNS = select(REPORTS.c.id, REPORTS.c.ticket, REPORTS.c.agency_code,
                       REPORTS.c.priority, REPORTS.c.reporter, REPORTS.c.reporters)
_OPEN = (_OPEN_COLUMNS.where(
    REPORTS.c.category_code == bindparam("category"), REPORTS.c.area_code == bindparam("area"),
    REPORTS.c.created_at >= bindparam("since", type_=REPORTS.c.created_at.type),
    REPORTS.c.parent_id.is_(None), REPORTS.c.status.in_(OPEN_STATUSES))
    .order_by(REPORTS.c.created_at, REPORTS.c.id).limit(1))
_PARENTS = REPORTS.alias("parents")
_SAME_CALL = (
    select(REPORTS.c.id, REPORTS.c.ticket, REPORTS.c.parent_id, _PARENTS.c.ticket)
    .select_from(REPORTS.outerjoin(_PARENTS, _PARENTS.c.id == REPORTS.c.parent_id))
    .where(REPORTS.c.call_sid == bindparam("call_sid")))
_COUNT = (update(REPORTS).where(REPORTS.c.id == bindparam("parent"))
          .values(reporters=REPORTS.c.reporters + 1)
          .returning(REPORTS.c.reporters, REPORTS.c.priority))
_EVENTS = insert(EVENTS)


def find(connection: Connection, report_id: int | None = None, ticket: str | None = None,
         lock: bool = True) -> ReportRow | None:
    """The report with `report_id` or `ticket`; with `lock`, locked for this transaction
    (PostgreSQL) so concurrent changes follow one another."""
    query = _ROW.with_for_update() if lock else _ROW
    query = (query.where(REPORTS.c.id == report_id) if report_id is not None
             else query.where(REPORTS.c.ticket == ticket))
    row = connection.execute(query).first()
    return ReportRow(*row) if row is not None else None


def filed_for_call(connection: Connection, call_sid: str) -> SameCall | None:
    """The report a call already filed, with the open report it joined."""
    row = connection.execute(_SAME_CALL, {"call_sid": call_sid}).first()
    return SameCall(*row) if row is not None else None


def insert_report(connection: Connection, values: dict[str, Any], ticket: str) -> int | None:
    """Insert a report under `ticket`; None when the ticket is taken (a concurrent insert of
    the same ticket waits for the other transaction first)."""
    statement = insert_ignoring(REPORTS, connection.dialect, "ticket", returning=REPORTS.c.id)
    inserted = connection.execute(statement, {**values, "ticket": ticket}).first()
    return int(inserted[0]) if inserted is not None else None


def update_report(connection: Connection, report_id: int, now: datetime,
                  **values: Any) -> None:
    """Set `values` on report `report_id` and touch its `updated_at`."""
    connection.execute(update(REPORTS).where(REPORTS.c.id == report_id)
                       .values(updated_at=now, **values))


def open_report(connection: Connection, category: str, area: str,
                since: datetime) -> OpenReport | None:
    """The oldest open report of `category` in `area` filed since `since` (from the index that
    leaves duplicates out)."""
    row = connection.execute(_OPEN, {"category": category, "area": area,
                                     "since": since}).first()
    return OpenReport(*row) if row is not None else None


def open_report_by_id(connection: Connection, report_id: int) -> OpenReport | None:
    """The report `report_id` as duplicates see it, or None."""
    row = connection.execute(_OPEN_COLUMNS.where(REPORTS.c.id == report_id)).first()
    return OpenReport(*row) if row is not None else None


def add_reporter(connection: Connection, parent_id: int, reporter: str) -> bool:
    """Note that `reporter` reported the open report's problem; False when they had already
    (the primary key decides, even between concurrent messages)."""
    statement = insert_ignoring(REPORTERS, connection.dialect, "parent_id", "reporter",
                                returning=REPORTERS.c.parent_id)
    return connection.execute(statement, {"parent_id": parent_id,
                                          "reporter": reporter}).first() is not None


def count_reporter(connection: Connection, parent_id: int) -> tuple[int, str]:
    """One more number on the open report; returns (reporters, priority). The row lock
    (PostgreSQL) makes concurrent counts follow one another."""
    reporters, priority = connection.execute(_COUNT, {"parent": parent_id}).one()
    return int(reporters), str(priority)


def followers(connection: Connection, report_id: int) -> list[tuple[str | None, str, str]]:
    """(reporter, language, channel) of the report and of every duplicate that joined it."""
    rows = connection.execute(
        select(REPORTS.c.reporter, REPORTS.c.language, REPORTS.c.channel)
        .where(or_(REPORTS.c.id == report_id, REPORTS.c.parent_id == report_id))
        .order_by(REPORTS.c.id)).all()
    return [(row[0], row[1], row[2]) for row in rows]


def add_events(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Append history rows with one statement."""
    if rows:
        connection.execute(_EVENTS, rows)


def running(connection: Connection, acknowledge_before: datetime,
            resolve_before: datetime) -> list[tuple[Any, ...]]:
    """Open reports (not duplicates) new and due to be acknowledged before
    `acknowledge_before`, or due to be resolved before `resolve_before`: (id, ticket, status,
    agency, category, area, created_at, acknowledge_by, resolve_by)."""
    return [tuple(row) for row in connection.execute(select(
        REPORTS.c.id, REPORTS.c.ticket, REPORTS.c.status, REPORTS.c.agency_code,
        REPORTS.c.category_code, REPORTS.c.area_code, REPORTS.c.created_at,
        REPORTS.c.acknowledge_by, REPORTS.c.resolve_by,
    ).where(
        REPORTS.c.status.in_(OPEN_STATUSES), REPORTS.c.parent_id.is_(None),
        REPORTS.c.kind == "report",  # questions escalate to officers instead
        or_((REPORTS.c.status == "new") & (REPORTS.c.acknowledge_by <= acknowledge_before),
            REPORTS.c.resolve_by <= resolve_before),
    ))]


def events_of(connection: Connection, report_ids: list[int],
              actions: tuple[str, ...]) -> list[tuple[int, str, dict[str, Any]]]:
    """(report id, action, detail) of the `actions` in these reports' history."""
    found: list[tuple[int, str, dict[str, Any]]] = []
    for chunk in range(0, len(report_ids), 900):
        found += [(row[0], row[1], dict(row[2] or {})) for row in connection.execute(
            select(EVENTS.c.report_id, EVENTS.c.action, EVENTS.c.detail).where(
                EVENTS.c.action.in_(actions),
                EVENTS.c.report_id.in_(report_ids[chunk:chunk + 900])))]
    return found
