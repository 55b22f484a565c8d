"""Duplicates: a new report of a problem that is already open joins that open report.

The open report keeps how many different numbers reported its problem (`reporters`), and
`report_reporters` (primary key: open report, number) decides, even between concurrent
messages, whether a number is new. Every `REPORTERS_FOR_RAISE` numbers raise its priority a
step. The count takes the open report's row lock (PostgreSQL), so concurrent counts of one
problem follow one another.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from gateway.reports.history import Event, ReportRef
from gateway.reports.status import OPEN, ReportStatus
from gateway.store import models
from gateway.store.database import insert_ignoring

log = logging.getLogger(__name__)

REPORTS = models.Report.__table__
REPORTERS = models.ReportReporter.__table__
PRIORITIES = ("low", "normal", "high", "urgent")
REPORTERS_FOR_RAISE = 3


@dataclass(frozen=True, slots=True)
class OpenReport:
    id: int
    ticket: str
    agency_code: str | None
    priority: str
    reporter: str | None
    reporters: int


_OPEN_COLUMNS = select(REPORTS.c.id, REPORTS.c.ticket, REPORTS.c.agency_code,
                       REPORTS.c.priority, REPORTS.c.reporter, REPORTS.c.reporters)
# Built once: every text about a known problem runs these.
_OPEN = (_OPEN_COLUMNS.where(
    REPORTS.c.category_code == bindparam("category"), REPORTS.c.area_code == bindparam("area"),
    REPORTS.c.created_at >= bindparam("since", type_=REPORTS.c.created_at.type),
    REPORTS.c.parent_id.is_(None), REPORTS.c.status.in_(sorted(s.value for s in OPEN)))
    .order_by(REPORTS.c.created_at, REPORTS.c.id).limit(1))
_COUNT = (update(REPORTS).where(REPORTS.c.id == bindparam("parent"))
          .values(reporters=REPORTS.c.reporters + 1)
          .returning(REPORTS.c.reporters, REPORTS.c.priority))


def open_report(connection: Connection, category: str, area: str,
                since: datetime) -> OpenReport | None:
    """The oldest open report of `category` in `area` filed since `since` (from the index that
    leaves duplicates out)."""
    row = connection.execute(_OPEN, {"category": category, "area": area,
                                     "since": since}).first()
    return OpenReport(*row) if row is not None else None


def open_report_by_id(connection: Connection, report_id: int) -> OpenReport | None:
    row = connection.execute(_OPEN_COLUMNS.where(REPORTS.c.id == report_id)).first()
    return OpenReport(*row) if row is not None else None


def join(connection: Connection, report: ReportRef, reporter: str | None,
         parent: OpenReport, now: datetime, from_status: str = ReportStatus.NEW) -> list[Event]:
    """`report` (already pointing at `parent`) joins the open report's group: its reporter is
    counted there if the number is new to the group. Returns the history events this causes,
    for the caller to record with its own."""
    report_id, ticket = report.id, report.ticket
    is_new = (reporter is not None and reporter != parent.reporter
              and connection.execute(
                  insert_ignoring(REPORTERS, connection.dialect, "parent_id", "reporter",
                                  returning=REPORTERS.c.parent_id),
                  {"parent_id": parent.id, "reporter": reporter}).first() is not None)
    events = [Event(report_id, "system", "duplicate_of", {"parent": parent.ticket},
                    from_status=str(from_status), to_status=ReportStatus.DUPLICATE.value)]
    reporters, priority = parent.reporters, parent.priority
    if is_new:
        # The open report's row lock (PostgreSQL) makes concurrent counts follow one another.
        reporters, priority = connection.execute(_COUNT, {"parent": parent.id}).one()
    events.append(Event(parent.id, "system", "duplicate_joined",
                        {"report": ticket, "reporters": reporters}))
    if is_new and reporters % REPORTERS_FOR_RAISE == 0 and priority != PRIORITIES[-1]:
        raised = PRIORITIES[min(PRIORITIES.index(priority) + 1, len(PRIORITIES) - 1)]
        connection.execute(update(REPORTS).where(REPORTS.c.id == parent.id)
                           .values(priority=raised, updated_at=now))
        events.append(Event(parent.id, "system", "priority",
                            {"from": priority, "to": raised, "reason": f"{reporters} pelapor"}))
    log.info("report %s joined open report %s (%d reporters)", ticket, parent.ticket, reporters)
    return events
