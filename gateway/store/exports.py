"""Every report, oldest first, as the export's rows (streamed, 500 at a time)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select

from gateway.store import models
from gateway.store.database import Database


def report_rows(database: Database) -> Iterator[dict[str, Any]]:
    """The export contract's fields of every report (see the README)."""
    with database.readers() as session:
        query = select(models.Report).order_by(models.Report.created_at, models.Report.id)
        for report in session.scalars(query.execution_options(yield_per=500)):
            yield {
                "ticket": report.ticket,
                "channel": report.channel,
                "status": report.status,
                "category": report.category_code,
                "agency": report.agency_code,
                "area_code": report.area_code,
                "created_at": report.created_at.isoformat(),
                "text": report.text,
                "reporter": report.reporter,
                "language": report.language,
                "priority": report.priority,
                "updated_at": report.updated_at.isoformat(),
                "recordings": [r.url for r in report.recordings],
            }


def public_report_rows(database: Database) -> Iterator[dict[str, Any]]:
    """What the open data export may show of each report filed by a citizen (not the ones an
    operator marked as not a report, nor the calls hung up mid-report): no text, no number, no
    name, no ticket; the date it was last resolved, if it was."""
    events = models.table(models.ReportEvent)
    resolved = (select(events.c.report_id, func.max(events.c.at).label("resolved_at"))
                .where(events.c.to_status == "resolved").group_by(events.c.report_id)
                .subquery())
    marked = select(events.c.report_id).where(events.c.action == "not_report")
    reports = models.table(models.Report)
    query = (select(reports.c.ticket, reports.c.channel, reports.c.category_code,
                    reports.c.agency_code, reports.c.area_code, reports.c.status,
                    reports.c.priority, reports.c.created_at, reports.c.reporters,
                    resolved.c.resolved_at)
             .outerjoin(resolved, resolved.c.report_id == reports.c.id)
             .where(reports.c.kind == "report", reports.c.status != "abandoned",
                    reports.c.id.not_in(marked))
             .order_by(reports.c.created_at, reports.c.id))
    with database.readers() as session:
        for row in session.execute(query.execution_options(yield_per=500)):
            yield dict(row._mapping)
