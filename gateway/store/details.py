"""Reads for the operators' report and live-call pages: one report with its history,
recordings and duplicates; a call's answers; the calls that are still going on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from gateway.store import models


def report_with_history(session: Session, ticket: str) -> models.Report | None:
    """The report `ticket`, its events, recordings and duplicates loaded with it."""
    return session.scalar(
        select(models.Report).where(models.Report.ticket == ticket).options(
            selectinload(models.Report.events), selectinload(models.Report.recordings),
            selectinload(models.Report.duplicates)))


def call_answers(session: Session, call_sid: str) -> dict[str, Any]:
    """What the caller chose in the phone menus (empty when the call is unknown)."""
    state = session.scalar(select(models.Call.state).where(models.Call.call_sid == call_sid))
    return dict((state or {}).get("answers", {}))


def calls_going_on(session: Session) -> list[models.Call]:
    """Calls that are ringing or in progress, the longest unchanged first."""
    return list(session.scalars(select(models.Call).where(
        models.Call.status.in_(("ringing", "in-progress"))).order_by(models.Call.updated_at)))
