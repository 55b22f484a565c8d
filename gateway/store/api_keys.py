"""The keys other systems post Open311 service requests with. A key is shown once, when it is
made; the database keeps only its sha256, so a copy of the database cannot post."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from gateway.store import models

KEYS = models.table(models.ApiKey)


@dataclass(frozen=True, slots=True)
class ApiKey:
    """A key's holder and limit (never the key itself)."""

    id: int
    name: str
    per_minute: int
    active: bool
    created_at: datetime


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create(connection: Connection, name: str, per_minute: int, now: datetime) -> str:
    """A new key for `name`, allowed `per_minute` requests a minute; returns the key."""
    key = secrets.token_urlsafe(24)
    connection.execute(insert(KEYS).values(name=name, key_hash=_digest(key),
                                           per_minute=per_minute, active=True, created_at=now))
    return key


def find(connection: Connection, key: str) -> ApiKey | None:
    """The active key `key`, or None."""
    row = connection.execute(select(KEYS).where(KEYS.c.key_hash == _digest(key),
                                                KEYS.c.active.is_(True))).first()
    return _key(row) if row else None


def every(connection: Connection) -> list[ApiKey]:
    """Every key, by name."""
    return [_key(r) for r in connection.execute(select(KEYS).order_by(KEYS.c.name))]


def disable(connection: Connection, name: str) -> bool:
    """Stop `name`'s key working; False when there is no such key."""
    return connection.execute(update(KEYS).where(KEYS.c.name == name)
                              .values(active=False)).rowcount > 0


def _key(row: object) -> ApiKey:
    return ApiKey(row.id, row.name, row.per_minute, row.active,  # type: ignore[attr-defined]
                  row.created_at)  # type: ignore[attr-defined]
