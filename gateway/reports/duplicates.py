"""Duplicates: a new report of a problem that is already open joins that open report.

The open report keeps how many different numbers reported its problem (`reporters`), and
`report_reporters` (primary key: open report, number) decides, even between concurrent
messages, whether a number is new. Every `REPORTERS_FOR_RAISE` numbers raise its priority a
step. The count takes the open report's row lock (PostgreSQL), so concurrent counts of one
problem follow one another.
"""

from __future__ import annotations

import logging
from datetime import datetime

from gateway.reports.history import Event, ReportRef
from gateway.reports.lifecycle import ReportStatus
from gateway.store import reports as rows
from gateway.store.database import Connection
from gateway.store.reports import OpenReport
from routing.urgency import PRIORITIES, Alarm

log = logging.getLogger(__name__)

REPORTERS_FOR_RAISE = 3


def join(connection: Connection, report: ReportRef, reporter: str | None,
         parent: OpenReport, now: datetime, from_status: str = ReportStatus.NEW,
         alarm: Alarm | None = None) -> list[Event]:
    """`report` (already pointing at `parent`) joins the open report's group: its reporter is
    counted there if the number is new to the group, and its words of danger (`alarm`) raise
    the group's priority. Returns the history events this causes, for the caller to record
    with its own."""
    report_id, ticket = report.id, report.ticket
    is_new = (reporter is not None and reporter != parent.reporter
              and rows.add_reporter(connection, parent.id, reporter))
    events = [Event(report_id, "system", "duplicate_of", {"parent": parent.ticket},
                    from_status=str(from_status), to_status=ReportStatus.DUPLICATE.value)]
    reporters, priority = parent.reporters, parent.priority
    if is_new:
        reporters, priority = rows.count_reporter(connection, parent.id)
    events.append(Event(parent.id, "system", "duplicate_joined",
                        {"report": ticket, "reporters": reporters}))
    if is_new and reporters % REPORTERS_FOR_RAISE == 0 and priority != PRIORITIES[-1]:
        raised = PRIORITIES[min(PRIORITIES.index(priority) + 1, len(PRIORITIES) - 1)]
        rows.update_report(connection, parent.id, now, priority=raised)
        events.append(Event(parent.id, "system", "priority",
                            {"from": priority, "to": raised, "reason": f"{reporters} pelapor",
                             "reporters": reporters}))
        priority = raised
    if alarm is not None and alarm.raises(priority):
        rows.update_report(connection, parent.id, now, priority=alarm.priority)
        events.append(Event(parent.id, "system", "priority", {
            "from": priority, "to": alarm.priority,
            "reason": f"kata bahaya di {ticket}: {', '.join(alarm.words)}",
            "words": list(alarm.words)}))
    log.info("report %s joined open report %s (%d reporters)", ticket, parent.ticket, reporters)
    return events
