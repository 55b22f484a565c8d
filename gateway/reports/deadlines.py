"""Deadlines: warn the agency at 75 % of a deadline, escalate when it passes.

Each report has two deadlines from its category: to acknowledge (leave status `new`) and to
resolve. The worker calls `check_deadlines` on every round: at 75 % of the time allowed the
agency's URC numbers get a warning; on breach the command center (COMMAND_CENTER_NUMBER) and
the agency head (`head_numbers` in agencies.yaml) get an escalation. Each step happens once and
is recorded in the report's history. The clock is passed in, so tests move time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from gateway.settings import Settings
from gateway.store import models
from gateway.texting.notices import send_text
from routing.catalog import Catalog

log = logging.getLogger(__name__)
WARN_AT = 0.75
WIB = timezone(timedelta(hours=7), "WIB")
STEPS = ("deadline_warning", "deadline_escalated")
WORDS = {"acknowledge": "ditanggapi", "resolve": "diselesaikan"}


@dataclass(frozen=True)
class Deadline:
    kind: str  # acknowledge or resolve
    due: datetime
    warn_at: datetime


def deadlines(report: models.Report) -> list[Deadline]:
    """The deadlines still running for `report` (acknowledging only while it is new)."""
    found = []
    if report.status == "new" and report.acknowledge_by is not None:
        found.append(("acknowledge", report.acknowledge_by))
    if report.resolve_by is not None:
        found.append(("resolve", report.resolve_by))
    return [Deadline(kind, due, report.created_at + (due - report.created_at) * WARN_AT)
            for kind, due in found]


def check_deadlines(session: Session, catalog: Catalog, settings: Settings,
                    now: datetime) -> int:
    """Warn and escalate what is due; returns how many steps were taken."""
    # Only reports whose deadline is near enough to have reached 75 %: no deadline is longer
    # than the longest category's, so nothing further away can be due for a step yet.
    longest_ack = max((c.acknowledge_hours for c in catalog.categories.values()), default=24)
    longest_resolve = max((c.resolve_hours for c in catalog.categories.values()), default=168)
    open_reports = session.scalars(select(models.Report).where(
        models.Report.status.in_(("new", "verified", "forwarded", "in_progress")),
        models.Report.parent_id.is_(None),
        or_(and_(models.Report.status == "new",
                 models.Report.acknowledge_by <= now + timedelta(hours=longest_ack) * 0.25),
            models.Report.resolve_by <= now + timedelta(hours=longest_resolve) * 0.25),
    )).all()
    if not open_reports:
        return 0
    ids = [r.id for r in open_reports]
    done = {
        (event.report_id, event.action, str(event.detail.get("deadline")))
        for chunk in range(0, len(ids), 900)
        for event in session.scalars(select(models.ReportEvent).where(
            models.ReportEvent.action.in_(STEPS),
            models.ReportEvent.report_id.in_(ids[chunk:chunk + 900]),
        ))
    }
    taken = 0
    for report in open_reports:
        for deadline in deadlines(report):
            if now >= deadline.due:
                step = "deadline_escalated"
            elif now >= deadline.warn_at:
                step = "deadline_warning"
            else:
                continue
            if (report.id, step, deadline.kind) in done:
                continue
            _take(session, catalog, settings, report, deadline, step, now)
            done.add((report.id, step, deadline.kind))
            taken += 1
    return taken


def _take(session: Session, catalog: Catalog, settings: Settings, report: models.Report,
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
        if not numbers and settings.COMMAND_CENTER_NUMBER:
            numbers = [settings.COMMAND_CENTER_NUMBER]  # triage: the command center's own
    else:
        text = (f"ESKALASI: laporan {report.ticket} ({what}) melewati batas "
                f"{WORDS[deadline.kind]} {due}. Dinas: "
                f"{agency.short_name if agency else 'triase pusat kendali'}.")
        numbers = [n for n in (settings.COMMAND_CENTER_NUMBER,
                               *(agency.head_numbers if agency else ())) if n]
    sent = [n for n in dict.fromkeys(numbers)
            if send_text(session, n, "sms", text, now, report.id, force=True)]
    session.add(models.ReportEvent(
        report_id=report.id, at=now, actor="system", action=step,
        detail={"deadline": deadline.kind, "due": deadline.due.isoformat(), "notified": len(sent)},
    ))
    log.info("report %s: %s (%s deadline %s), %d notified", report.ticket, step, deadline.kind,
             deadline.due.isoformat(), len(sent))
