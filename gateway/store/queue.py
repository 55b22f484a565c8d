"""The queue page's reads: reports an operator may see, filtered, newest first, with their
recordings. The page turns its query string into a `QueueFilter`; this module runs it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from gateway.store import models

REPORT = models.Report


@dataclass(frozen=True)
class QueueFilter:
    """Which reports: every field is optional; `agency_only` is an agency operator's scope."""

    agency_only: str | None = None
    status: str | None = None
    agency: str | None = None
    triage: bool = False
    channel: str | None = None
    area: str | None = None  # a Kemendagri code; a kecamatan takes its desa/kelurahan too
    since: datetime | None = None
    before: datetime | None = None
    ticket: str | None = None
    reporter: str | None = None
    words: str | None = None


def _like(text: str) -> str:
    """`text` for a LIKE pattern: its own % and _ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _query(f: QueueFilter) -> Any:
    # Farmers' questions have their own queue (the officers' page), not the reports'.
    query = select(REPORT).where(REPORT.kind == "report")
    if f.agency_only is not None:
        query = query.where(REPORT.agency_code == f.agency_only)
    if f.status:
        query = query.where(REPORT.status == f.status)
    if f.triage:
        query = query.where(REPORT.agency_code.is_(None))
    elif f.agency:
        query = query.where(REPORT.agency_code == f.agency)
    if f.channel:
        query = query.where(REPORT.channel == f.channel)
    if f.area:
        query = query.where(or_(REPORT.area_code == f.area,
                                REPORT.area_code.startswith(f.area + ".")))
    if f.since is not None:
        query = query.where(REPORT.created_at >= f.since)
    if f.before is not None:
        query = query.where(REPORT.created_at < f.before)
    if f.ticket:
        query = query.where(REPORT.ticket == f.ticket)
    elif f.reporter:
        query = query.where(REPORT.reporter == f.reporter)
    elif f.words:
        query = query.where(REPORT.text.ilike(f"%{_like(f.words[:100])}%", escape="\\"))
    return query


def _newest(query: Any) -> Any:
    """Newest first, with their recordings in one more query."""
    return (query.options(selectinload(REPORT.recordings))
            .order_by(REPORT.created_at.desc(), REPORT.id.desc()))


def count(session: Session, f: QueueFilter, cap: int) -> int:
    """How many reports match, counting at most `cap` + 1 (a million rows cost more to count
    than to page through)."""
    limited = _query(f).limit(cap + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(limited)) or 0)


def page(session: Session, f: QueueFilter, size: int, number: int) -> list[models.Report]:
    """Page `number` (from 1) of the matching reports, newest first."""
    return list(session.scalars(_newest(_query(f)).limit(size).offset((number - 1) * size)))


def newer(session: Session, f: QueueFilter, after: int, size: int) -> list[models.Report]:
    """Matching reports added after row `after`, newest first."""
    return list(session.scalars(_newest(_query(f).where(REPORT.id > after)).limit(size)))


def recording_file(session: Session, sid: str) -> tuple[str, str | None] | None:
    """(local path, the agency of its report) of a kept recording; None when there is none."""
    found = session.scalar(select(models.Recording).where(models.Recording.recording_sid == sid))
    if found is None or not found.local_path:
        return None
    report = session.get(REPORT, found.report_id) if found.report_id else None
    return found.local_path, report.agency_code if report is not None else "-"
