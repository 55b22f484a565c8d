"""The JSON API's read of report events after a cursor, for systems that follow changes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from gateway.store import models

REPORTS = models.table(models.Report)
EVENTS = models.table(models.ReportEvent)


def events_after(connection: Connection, after: int, agency_only: str | None,
                 limit: int) -> list[dict[str, Any]]:
    """Up to `limit` report events with an id above `after`, oldest first; an agency's scope
    sees only the events of reports that are now its own."""
    query = (select(EVENTS.c.id, REPORTS.c.ticket, EVENTS.c.at, EVENTS.c.actor,
                    EVENTS.c.action, EVENTS.c.from_status, EVENTS.c.to_status)
             .join(REPORTS, REPORTS.c.id == EVENTS.c.report_id)
             .where(EVENTS.c.id > after, REPORTS.c.kind == "report")
             .order_by(EVENTS.c.id).limit(limit))
    if agency_only is not None:
        query = query.where(REPORTS.c.agency_code == agency_only)
    return [dict(r._mapping) for r in connection.execute(query)]
