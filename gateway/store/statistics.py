"""The statistics page's reads: counts by SQL aggregation, and light tuples for medians and
weeks (never ORM objects), for one period and, for an agency operator, one agency. Duplicates
count once, with their open report."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from gateway.store import models

REPORT, EVENT = models.Report, models.ReportEvent
OPEN = ("new", "verified", "forwarded", "in_progress")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _scope(query: Any, start: datetime, end: datetime, agency: str | None) -> Any:
    query = query.where(REPORT.created_at >= start, REPORT.created_at < end,
                        REPORT.status != "duplicate", REPORT.kind == "report")
    return query.where(REPORT.agency_code == agency) if agency is not None else query


def groups(session: Session, start: datetime, end: datetime, agency: str | None,
           now: datetime) -> list[tuple[str | None, str | None, int, int, int]]:
    """(agency, category, received, still open, overdue) per agency and category."""
    is_open = REPORT.status.in_(OPEN)
    overdue = and_(is_open, or_(and_(REPORT.status == "new", REPORT.acknowledge_by < now),
                                and_(REPORT.status != "new", REPORT.resolve_by < now)))
    rows = session.execute(_scope(
        select(REPORT.agency_code, REPORT.category_code, func.count(),
               func.sum(case((is_open, 1), else_=0)), func.sum(case((overdue, 1), else_=0)))
        .group_by(REPORT.agency_code, REPORT.category_code), start, end, agency)).all()
    return [(a, c, int(n), int(o or 0), int(d or 0)) for a, c, n, o, d in rows]


def hours_until(session: Session, start: datetime, end: datetime, agency: str | None,
                step: str) -> dict[tuple[str | None, str | None], list[float]]:
    """Hours from arrival to the first status change that `step` names ("acknowledged": out
    of `new`; "resolved"), per (agency, category)."""
    first_event = EVENT.from_status == "new" if step == "acknowledged" \
        else EVENT.to_status == "resolved"
    first = (select(EVENT.report_id, func.min(EVENT.at).label("at"))
             .where(EVENT.action == "status", first_event).group_by(EVENT.report_id).subquery())
    rows = session.execute(_scope(
        select(REPORT.agency_code, REPORT.category_code, REPORT.created_at, first.c.at)
        .join(first, first.c.report_id == REPORT.id), start, end, agency))
    found: dict[tuple[str | None, str | None], list[float]] = defaultdict(list)
    for agency_code, category, created, at in rows:
        found[(agency_code, category)].append(
            (_aware(at) - _aware(created)).total_seconds() / 3600)
    return found


def channels(session: Session, start: datetime, end: datetime,
             agency: str | None) -> list[tuple[str, int]]:
    """How many of the period's reports came in on each channel."""
    return [(channel, int(count)) for channel, count in session.execute(_scope(
        select(REPORT.channel, func.count()).group_by(REPORT.channel), start, end, agency))]


def arrivals(session: Session, start: datetime, end: datetime,
             agency: str | None) -> list[datetime]:
    """When each report of the period arrived."""
    return [_aware(created) for (created,) in session.execute(
        _scope(select(REPORT.created_at), start, end, agency))]


def overrules(session: Session, start: datetime, end: datetime,
              agency: str | None) -> list[tuple[str | None, int, int]]:
    """(agency the router chose, text reports it routed, of them overruled by an operator:
    reassigned or given another category), for the period."""
    corrected = select(EVENT.report_id).where(EVENT.action.in_(("reassigned", "corrected")),
                                              EVENT.actor.like("operator:%"))
    rows = session.execute(_scope(
        select(REPORT.routing, REPORT.id.in_(corrected))
        .where(REPORT.channel.in_(("sms", "whatsapp", "web"))), start, end, agency))
    routed: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    for routing, overruled in rows:
        counts = routed[(routing or {}).get("agency")]
        counts[0] += 1
        counts[1] += bool(overruled)
    return sorted(((a, n, o) for a, (n, o) in routed.items()), key=lambda r: (-r[1], r[0] or ""))
