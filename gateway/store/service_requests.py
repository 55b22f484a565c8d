"""The reports Open311 shows as service requests: filtered as GeoReport v2 asks, never with a
reporter's number, name or text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from gateway.store import models

REPORTS = models.table(models.Report)
EVENTS = models.table(models.ReportEvent)
MOST = 1000  # requests in one answer


def service_requests(connection: Connection, tickets: Sequence[str] = (),
                     codes: Sequence[str] = (), since: datetime | None = None,
                     before: datetime | None = None, statuses: Sequence[str] = ()
                     ) -> list[dict[str, Any]]:
    """Citizens' reports (not a farmer's question, not a call hung up mid-report, not a text
    marked not a report), newest first, with the given tickets, categories, time span and
    statuses (an empty filter lets everything through)."""
    marked = select(EVENTS.c.report_id).where(EVENTS.c.action == "not_report")
    query = (select(REPORTS.c.ticket, REPORTS.c.category_code, REPORTS.c.area_code,
                    REPORTS.c.agency_code, REPORTS.c.status, REPORTS.c.created_at,
                    REPORTS.c.updated_at, REPORTS.c.resolve_by)
             .where(REPORTS.c.kind == "report", REPORTS.c.status != "abandoned",
                    REPORTS.c.id.not_in(marked))
             .order_by(REPORTS.c.created_at.desc(), REPORTS.c.id.desc()).limit(MOST))
    if tickets:
        query = query.where(REPORTS.c.ticket.in_(tickets))
    if codes:
        query = query.where(REPORTS.c.category_code.in_(codes))
    if since is not None:
        query = query.where(REPORTS.c.created_at >= since)
    if before is not None:
        query = query.where(REPORTS.c.created_at <= before)
    if statuses:
        query = query.where(REPORTS.c.status.in_(statuses))
    return [dict(r._mapping) for r in connection.execute(query)]
