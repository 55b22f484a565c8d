"""Every report, oldest first, as the export's rows (streamed, 500 at a time)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

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
