"""Deadlines: warn the agency at 75 % of a deadline, escalate when it passes.

Each report has two deadlines from its category: to acknowledge (leave status `new`) and to
resolve. The worker calls `check_deadlines` about once a minute: at 75 % of the time allowed the
agency's URC numbers get a warning; on breach the command center (COMMAND_CENTER_NUMBER) and
the agency head (`head_numbers` in agencies.yaml) get an escalation. Each step happens once and
is recorded in the report's history. The clock is passed in, so tests move time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from gateway.reports import history
from gateway.reports.history import Event
from gateway.reports.lifecycle import ReportStatus
from gateway.reports.notices import queue_text
from gateway.store import reports as rows
from gateway.store.database import Connection
from routing.catalog import Catalog

log = logging.getLogger(__name__)
WARN_AT = 0.75
WIB = timezone(timedelta(hours=7), "WIB")
STEPS = ("deadline_warning", "deadline_escalated")
WORDS = {"acknowledge": "ditanggapi", "resolve": "diselesaikan"}


@dataclass(frozen=True)
class Deadline:
    """When a report must be acknowledged or resolved, and when to warn first."""

    kind: str  # acknowledge or resolve
    due: datetime
    warn_at: datetime


@dataclass(frozen=True)
class Running:
    """An open report with its deadlines."""

    id: int
    ticket: str
    status: str
    agency_code: str | None
    category_code: str | None
    area_code: str | None
    created_at: datetime
    acknowledge_by: datetime | None
    resolve_by: datetime | None

    def deadlines(self) -> list[Deadline]:
        """The deadlines still running (acknowledging only while the report is new)."""
        found = []
        if self.status == ReportStatus.NEW and self.acknowledge_by is not None:
            found.append(("acknowledge", self.acknowledge_by))
        if self.resolve_by is not None:
            found.append(("resolve", self.resolve_by))
        return [Deadline(kind, due, self.created_at + (due - self.created_at) * WARN_AT)
                for kind, due in found]


def check_deadlines(connection: Connection, catalog: Catalog, command_center: str,
                    now: datetime) -> int:
    """Warn and escalate what is due; returns how many steps were taken."""
    # Only reports whose deadline is near enough to have reached 75 %: no deadline is longer
    # than the longest category's, so nothing further away can be due for a step yet.
    longest_ack = max((c.acknowledge_hours for c in catalog.categories.values()), default=24)
    longest_resolve = max((c.resolve_hours for c in catalog.categories.values()), default=168)
    running = [Running(*row) for row in rows.running(
        connection, now + timedelta(hours=longest_ack) * 0.25,
        now + timedelta(hours=longest_resolve) * 0.25)]
    done = {(report_id, action, str(detail.get("deadline")))
            for report_id, action, detail in rows.events_of(
                connection, [r.id for r in running], STEPS)}
    taken = 0
    for report in running:
        for deadline in report.deadlines():
            if now >= deadline.due:
                step = "deadline_escalated"
            elif now >= deadline.warn_at:
                step = "deadline_warning"
            else:
                continue
            if (report.id, step, deadline.kind) in done:
                continue
            _take(connection, catalog, command_center, report, deadline, step, now)
            done.add((report.id, step, deadline.kind))
            taken += 1
    return taken


def _take(connection: Connection, catalog: Catalog, command_center: str, report: Running,
          deadline: Deadline, step: str, now: datetime) -> None:
    agency = catalog.agencies.get(report.agency_code or "")
    category = catalog.categories.get(report.category_code or "")
    area = catalog.areas.get(report.area_code or "")
    what = (f"{category.name('id') if category else 'laporan'}, "
            f"{area.name if area else 'lokasi belum diketahui'}")
    due = deadline.due.astimezone(WIB).strftime("%d/%m %H:%M WIB")
    if step == "deadline_warning":
        text = (f"Peringatan: laporan {report.ticket} ({what}) harus {WORDS[deadline.kind]} "
                f"sebelum {due}.")
        numbers = list(agency.urc_numbers) if agency else []
        if not numbers and command_center:
            numbers = [command_center]  # triage: the command center's own
    else:
        text = (f"ESKALASI: laporan {report.ticket} ({what}) melewati batas "
                f"{WORDS[deadline.kind]} {due}. Dinas: "
                f"{agency.short_name if agency else 'triase pusat kendali'}.")
        numbers = [n for n in (command_center, *(agency.head_numbers if agency else ())) if n]
    sent = [n for n in dict.fromkeys(numbers)
            if queue_text(connection, n, "sms", text, now, report.id, force=True)]
    history.record(connection, now, Event(
        report.id, "system", step,
        {"deadline": deadline.kind, "due": deadline.due.isoformat(), "notified": len(sent)}))
    log.info("report %s: %s (%s deadline %s), %d notified", report.ticket, step, deadline.kind,
             deadline.due.isoformat(), len(sent))
