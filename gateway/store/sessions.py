"""Operator sessions kept on the server: a sign-in makes one, sign-out ends it, and disabling an
operator or giving them a new password ends all of theirs.

The browser's signed cookie holds a random token; the database keeps only its SHA-256, so the
table is no use to whoever reads it. A request is signed in only while its token's row exists,
has not ended and has not expired, and the operator is active.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from gateway.store import models

SESSIONS = models.table(models.OperatorSession)
OPERATORS = models.table(models.Operator)


@dataclass(frozen=True, slots=True)
class SessionOperator:
    """The operator a session belongs to."""

    id: int
    username: str
    role: str
    agency_code: str | None
    officer_code: str | None = None
    must_change_password: bool = False


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def start(connection: Connection, operator_id: int, address: str, now: datetime,
          lifetime: timedelta) -> str:
    """A new session for the operator; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    connection.execute(insert(SESSIONS).values(
        token_hash=_hash(token), operator_id=operator_id, address=address[:64], created_at=now,
        expires_at=now + lifetime))
    return token


def operator_of(connection: Connection, token: str, now: datetime) -> SessionOperator | None:
    """The active operator whose live session `token` names, else None."""
    row = connection.execute(
        select(OPERATORS.c.id, OPERATORS.c.username, OPERATORS.c.role,
               OPERATORS.c.agency_code, OPERATORS.c.officer_code,
               OPERATORS.c.must_change_password)
        .join(SESSIONS, SESSIONS.c.operator_id == OPERATORS.c.id)
        .where(SESSIONS.c.token_hash == _hash(token), SESSIONS.c.ended_at.is_(None),
               SESSIONS.c.expires_at > now, OPERATORS.c.active.is_(True))).first()
    return SessionOperator(*row) if row is not None else None


def end(connection: Connection, token: str, now: datetime) -> None:
    """Sign-out: the session's cookie opens nothing any more."""
    connection.execute(update(SESSIONS).where(SESSIONS.c.token_hash == _hash(token),
                                              SESSIONS.c.ended_at.is_(None))
                       .values(ended_at=now))


def end_all(connection: Connection, operator_id: int, now: datetime,
            keep: str | None = None) -> int:
    """End every session of an operator (disabled, or a new password), but the one `keep`
    names (the operator's own, when they chose a new password); returns how many."""
    ending = update(SESSIONS).where(SESSIONS.c.operator_id == operator_id,
                                    SESSIONS.c.ended_at.is_(None))
    if keep is not None:
        ending = ending.where(SESSIONS.c.token_hash != _hash(keep))
    done = connection.execute(ending.values(ended_at=now))
    return int(done.rowcount)
