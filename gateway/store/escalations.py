"""Reports escalated to LAPOR!-SP4N: the request, the national tracking id once sent, and what
has been seen of the national side since (`gateway.sp4n`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from gateway.store import models

ESCALATIONS = models.table(models.NationalEscalation)
REPORTS = models.table(models.Report)


@dataclass(frozen=True, slots=True)
class Escalation:
    """One report's escalation, with the report's fields LAPOR! is sent."""

    report_id: int
    ticket: str
    summary: str
    public: bool
    tracking_id: str | None
    national_status: str | None
    replies_seen: int
    failure: str | None
    requested_at: datetime
    sent_at: datetime | None
    category_code: str | None
    area_code: str | None
    channel: str
    created_at: datetime
    report_status: str


def request(connection: Connection, report_id: int, actor: str, summary: str, public: bool,
            now: datetime) -> bool:
    """Record an operator's request to escalate; False when the report was escalated before."""
    if connection.execute(select(ESCALATIONS.c.id).where(
            ESCALATIONS.c.report_id == report_id)).first() is not None:
        return False
    connection.execute(insert(ESCALATIONS).values(
        report_id=report_id, requested_by=actor, requested_at=now, summary=summary,
        public=public, replies_seen=0))
    return True


def of_report(connection: Connection, report_id: int) -> Escalation | None:
    """The report's escalation, or None."""
    row = connection.execute(select(
        ESCALATIONS.c.report_id, REPORTS.c.ticket, ESCALATIONS.c.summary, ESCALATIONS.c.public,
        ESCALATIONS.c.tracking_id, ESCALATIONS.c.national_status, ESCALATIONS.c.replies_seen,
        ESCALATIONS.c.failure, ESCALATIONS.c.requested_at, ESCALATIONS.c.sent_at,
        REPORTS.c.category_code, REPORTS.c.area_code, REPORTS.c.channel, REPORTS.c.created_at,
        REPORTS.c.status.label("report_status"),
    ).join(REPORTS, REPORTS.c.id == ESCALATIONS.c.report_id)
        .where(ESCALATIONS.c.report_id == report_id)).first()
    return Escalation(**row._mapping) if row is not None else None


def sent(connection: Connection, report_id: int, tracking_id: str, now: datetime) -> None:
    """LAPOR! took the report and gave it `tracking_id`."""
    connection.execute(update(ESCALATIONS).where(ESCALATIONS.c.report_id == report_id).values(
        tracking_id=tracking_id, sent_at=now, failure=None))


def failed(connection: Connection, report_id: int, reason: str) -> None:
    """Sending failed for good; the operator sees why and may ask again."""
    connection.execute(update(ESCALATIONS).where(ESCALATIONS.c.report_id == report_id).values(
        failure=reason[:2000]))


def withdraw_failed(connection: Connection, report_id: int) -> bool:
    """Forget an escalation that failed for good, so it may be asked for again."""
    result = connection.execute(ESCALATIONS.delete().where(
        ESCALATIONS.c.report_id == report_id, ESCALATIONS.c.failure.is_not(None),
        ESCALATIONS.c.tracking_id.is_(None)))
    return bool(result.rowcount)


def checked(connection: Connection, report_id: int, status: str, replies_seen: int,
            now: datetime) -> None:
    """What was seen of the national side at `now`."""
    connection.execute(update(ESCALATIONS).where(ESCALATIONS.c.report_id == report_id).values(
        national_status=status[:64], replies_seen=replies_seen, checked_at=now))
