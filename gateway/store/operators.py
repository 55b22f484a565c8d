"""Operator accounts and the audit log in the database (ORM, as the pages use them).

The rules (roles, username form, password length) are `gateway.operators.accounts`'; this
module only finds, adds and changes rows, and appends to the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from gateway.store import models

AUDIT = models.table(models.AuditEntry)


def find(session: Session, username: str) -> models.Operator | None:
    """The operator `username`, or None."""
    return session.scalar(select(models.Operator).where(models.Operator.username == username))


def every(session: Session) -> list[models.Operator]:
    """Every operator account, by username."""
    return list(session.scalars(select(models.Operator).order_by(models.Operator.username)))


def agency_exists(session: Session, code: str) -> bool:
    """Whether `code` names an agency of the reference data."""
    return session.get(models.Agency, code) is not None


def officer_exists(session: Session, code: str) -> bool:
    """Whether `code` names a field officer of the farmers' line."""
    found = session.get(models.FieldOfficer, code)
    return found is not None and found.kind == "officer"


def add(session: Session, username: str, password_hash: str, role: str,
        agency_code: str | None, now: datetime,
        officer_code: str | None = None) -> models.Operator:
    """Add an operator account and return it."""
    operator = models.Operator(username=username, password_hash=password_hash, role=role,
                               agency_code=agency_code, officer_code=officer_code,
                               created_at=now)
    session.add(operator)
    session.flush()
    return operator


def remove(session: Session, username: str) -> None:
    """Delete an operator (the demo login, when `make run` makes a new one)."""
    session.execute(delete(models.Operator).where(models.Operator.username == username))


def audit(connection: Connection, operator: str, action: str, target: str, address: str,
          now: datetime, detail: Mapping[str, object]) -> None:
    """One line of the audit log: who did what to what, when, and from where."""
    connection.execute(insert(AUDIT).values(at=now, operator=operator, action=action,
                                            target=target[:64], address=address[:64],
                                            detail=detail))
