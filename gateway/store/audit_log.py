"""Reading the audit log for the admins' page and its CSV: filtered by who, what, when and from
where, newest first. Writing it is `gateway.store.operators.audit`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from gateway.store import models

ENTRY = models.AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    """Which lines of the audit log to show; None means any."""

    operator: str | None = None
    action: str | None = None
    since: datetime | None = None
    before: datetime | None = None
    address: str | None = None  # the start of an address: "10.1." or "192.168.1.20"


def _where(query: Select[tuple[models.AuditEntry]], wanted: AuditFilter,
           ) -> Select[tuple[models.AuditEntry]]:
    if wanted.operator:
        query = query.where(ENTRY.operator == wanted.operator)
    if wanted.action:
        query = query.where(ENTRY.action == wanted.action)
    if wanted.since:
        query = query.where(ENTRY.at >= wanted.since)
    if wanted.before:
        query = query.where(ENTRY.at < wanted.before)
    if wanted.address:
        query = query.where(ENTRY.address.startswith(wanted.address, autoescape=True))
    return query


def entries(session: Session, wanted: AuditFilter, limit: int,
            offset: int = 0) -> Sequence[models.AuditEntry]:
    """The lines `wanted` names, newest first."""
    query = _where(select(ENTRY), wanted).order_by(ENTRY.at.desc(), ENTRY.id.desc())
    return list(session.scalars(query.limit(limit).offset(offset)))


def count(session: Session, wanted: AuditFilter) -> int:
    """How many lines `wanted` names."""
    query = _where(select(ENTRY), wanted).with_only_columns(func.count(ENTRY.id))
    return int(session.scalar(query) or 0)


def kinds(session: Session) -> list[str]:
    """The actions the log holds, for the "what" filter."""
    return sorted(session.scalars(select(ENTRY.action).distinct()).all())


def people(session: Session) -> list[str]:
    """The operators the log names, for the "who" filter."""
    return sorted(session.scalars(select(ENTRY.operator).distinct()).all())
