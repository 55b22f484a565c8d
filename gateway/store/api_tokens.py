"""Bearer tokens for the JSON API. A token is shown once, when it is made; only its sha256 is
kept. An operator's token carries that operator's role and agency, and stops working when the
account is disabled; a system's carries its own."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from gateway.store import models

TOKENS = models.table(models.ApiToken)
OPERATORS = models.table(models.Operator)


@dataclass(frozen=True, slots=True)
class Holder:
    """Who a token speaks for."""

    name: str  # the operator's user name, or the system's name
    role: str
    agency_code: str | None
    operator_id: int | None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(connection: Connection, name: str, role: str, agency_code: str | None,
           operator_id: int | None, now: datetime) -> str:
    """A new token; returns it (the only time it is seen)."""
    token = secrets.token_urlsafe(32)
    connection.execute(insert(TOKENS).values(
        name=name, token_hash=_digest(token), operator_id=operator_id, role=role,
        agency_code=agency_code, active=True, created_at=now))
    return token


def holder(connection: Connection, token: str) -> Holder | None:
    """Who an active token speaks for; an operator's token follows the operator's account."""
    row = connection.execute(
        select(TOKENS.c.name, TOKENS.c.role, TOKENS.c.agency_code, TOKENS.c.operator_id,
               OPERATORS.c.username, OPERATORS.c.role.label("operator_role"),
               OPERATORS.c.agency_code.label("operator_agency"), OPERATORS.c.active)
        .outerjoin(OPERATORS, OPERATORS.c.id == TOKENS.c.operator_id)
        .where(TOKENS.c.token_hash == _digest(token), TOKENS.c.active.is_(True))).first()
    if row is None:
        return None
    if row.operator_id is None:
        return Holder(row.name, row.role, row.agency_code, None)
    if not row.active:
        return None
    return Holder(row.username, row.operator_role, row.operator_agency, row.operator_id)


def names(connection: Connection) -> list[tuple[str, str, str | None, bool]]:
    """(name, role, agency, active) of every token."""
    return [(r.name, r.role, r.agency_code, r.active) for r in connection.execute(
        select(TOKENS.c.name, TOKENS.c.role, TOKENS.c.agency_code, TOKENS.c.active)
        .order_by(TOKENS.c.name))]


def disable(connection: Connection, name: str) -> bool:
    """Stop a token working; False when there is none of that name."""
    return connection.execute(update(TOKENS).where(TOKENS.c.name == name)
                              .values(active=False)).rowcount > 0
