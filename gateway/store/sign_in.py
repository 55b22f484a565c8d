"""Sign-in records: failures per key, counted atomically, and the operator a username names.

The rules (how many failures, how long a lock) are `gateway.operators.signin`'s; this module
only reads and writes `sign_in_failures` and the sign-in columns of `operators`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from gateway.store import models

FAILURES = models.table(models.SignInFailures)
OPERATORS = models.table(models.Operator)


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a sign-in checks of an operator: password hash and whether active."""

    id: int
    username: str
    role: str
    agency_code: str | None
    password_hash: str
    active: bool


def locked(connection: Connection, keys: tuple[str, ...], now: datetime) -> bool:
    """Whether any of `keys` is locked at `now`."""
    found = connection.execute(select(FAILURES.c.key).where(
        FAILURES.c.key.in_(keys), FAILURES.c.locked_until > now)).first()
    return found is not None


def count(connection: Connection, key: str, now: datetime, window: timedelta) -> int:
    """One more failure (or attempt) for `key`, counted atomically; returns the count within
    `window` (an older count starts again at 1)."""
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    fresh = FAILURES.c.first_at < now - window
    statement = insert(FAILURES).values(key=key, failures=1, first_at=now)
    statement = statement.on_conflict_do_update(index_elements=["key"], set_={
        "failures": case((fresh, 1), else_=FAILURES.c.failures + 1),
        "first_at": case((fresh, now), else_=FAILURES.c.first_at)})
    return int(connection.execute(statement.returning(FAILURES.c.failures)).scalar_one())


def lock(connection: Connection, key: str, until: datetime, now: datetime) -> bool:
    """Lock `key` until `until`; False when it is locked already (another request was first)."""
    armed = connection.execute(update(FAILURES).where(
        FAILURES.c.key == key,
        FAILURES.c.locked_until.is_(None) | (FAILURES.c.locked_until <= now),
    ).values(locked_until=until))
    return bool(armed.rowcount)


def clear(connection: Connection, key: str) -> None:
    """Forget the failed attempts counted under `key`."""
    connection.execute(delete(FAILURES).where(FAILURES.c.key == key))


def user_prefix(username: str) -> str:
    """The start of every key that counts `username`'s failures (one per address)."""
    return f"user:{username.strip().lower()[:64]}|"


def unlock(connection: Connection, username: str) -> int:
    """Forget `username`'s failures and locks from every address; returns how many went."""
    done = connection.execute(delete(FAILURES).where(
        FAILURES.c.key.startswith(user_prefix(username), autoescape=True)))
    return int(done.rowcount)


def locked_usernames(connection: Connection, now: datetime) -> set[str]:
    """The usernames locked out from some address at `now` (as typed, lower-case)."""
    keys = connection.execute(select(FAILURES.c.key).where(
        FAILURES.c.key.startswith("user:"), FAILURES.c.locked_until > now)).scalars()
    return {key[len("user:"):].rpartition("|")[0] for key in keys}


def credentials(connection: Connection, username: str) -> Credentials | None:
    """The credentials of `username`, or None when there is no such operator."""
    row = connection.execute(select(
        OPERATORS.c.id, OPERATORS.c.username, OPERATORS.c.role, OPERATORS.c.agency_code,
        OPERATORS.c.password_hash, OPERATORS.c.active,
    ).where(OPERATORS.c.username == username)).first()
    return Credentials(*row) if row is not None else None


def signed_in(connection: Connection, operator_id: int, now: datetime) -> None:
    """Remember when operator `operator_id` last signed in."""
    connection.execute(update(OPERATORS).where(OPERATORS.c.id == operator_id)
                       .values(last_login_at=now))
