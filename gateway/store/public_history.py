"""What anyone holding a ticket may see of its report: where it stands and the public steps of
its history (received, routed, forwarded, status changes), never who reported it, what an
operator wrote, or who the operators are."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from gateway.store import models

REPORTS = models.table(models.Report)
EVENTS = models.table(models.ReportEvent)
PUBLIC_ACTIONS = ("created", "routed", "reassigned", "status", "reopened", "duplicate_of",
                  "sp4n_sent", "sp4n_status")
# The value each public step carries besides its status: the agency it went to, the national
# tracking id, LAPOR!'s status (never its follow-ups' words, nor an operator's).
_VALUE = {"reassigned": "to_agency", "routed": "agency", "sp4n_sent": "tracking_id",
          "sp4n_status": "status"}


def public_report(connection: Connection, ticket: str) -> dict[str, Any] | None:
    """The report's category, place, agency and status, and its public steps oldest first:
    (when, action, status it moved to, the step's value: see `_VALUE`)."""
    report = connection.execute(select(
        REPORTS.c.id, REPORTS.c.ticket, REPORTS.c.category_code, REPORTS.c.area_code,
        REPORTS.c.agency_code, REPORTS.c.status, REPORTS.c.created_at, REPORTS.c.kind,
    ).where(REPORTS.c.ticket == ticket)).first()
    if report is None or report.kind != "report" or report.status == "abandoned":
        return None
    steps: list[tuple[datetime, str, str | None, str | None]] = []
    for event in connection.execute(select(
            EVENTS.c.at, EVENTS.c.action, EVENTS.c.to_status, EVENTS.c.detail,
    ).where(EVENTS.c.report_id == report.id, EVENTS.c.action.in_(PUBLIC_ACTIONS))
            .order_by(EVENTS.c.at, EVENTS.c.id)):
        key = _VALUE.get(event.action)
        value = (event.detail or {}).get(key) if key else None
        steps.append((event.at, event.action, event.to_status, value))
    return {**dict(report._mapping), "steps": steps}
