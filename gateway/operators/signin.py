"""Checking a sign-in, with failures throttled per (username, address) and per address.

Failures are counted in `sign_in_failures` with one atomic upsert per key, so parallel guesses
are all counted. An attempt is counted *before* its password is checked, in its own committed
transaction: of any number of parallel guesses, only the first `MAX_FAILURES` in a window reach
the password check. The next one locks the (username, address) pair for a minute; once a lock
runs out, one attempt may try again, and a wrong one locks it for twice as long (at most an
hour). An address with `MAX_ADDRESS_FAILURES` failures is refused for every username. The
counter is kept for any username typed, existing or not, so the answer never tells which
usernames exist, and nobody can lock an operator out from another address.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from werkzeug.security import check_password_hash, generate_password_hash

from gateway.store import models
from gateway.store.database import Database

log = logging.getLogger(__name__)

FAILURES = models.SignInFailures.__table__
OPERATORS = models.Operator.__table__
MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 30
WINDOW = timedelta(minutes=15)
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(minutes=60)
# Checked when the username is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = generate_password_hash("lapor-gateway-dummy-password")


@dataclass(frozen=True, slots=True)
class SignedIn:
    id: int
    username: str
    role: str
    agency_code: str | None


def _keys(username: str, address: str) -> tuple[str, str]:
    return f"user:{username.strip().lower()[:64]}|{address[:64]}", f"addr:{address[:64]}"


def _locked(connection: Connection, keys: tuple[str, ...], now: datetime) -> bool:
    found = connection.execute(select(FAILURES.c.key).where(
        FAILURES.c.key.in_(keys), FAILURES.c.locked_until > now)).first()
    return found is not None


def _count(connection: Connection, key: str, now: datetime) -> int:
    """Count one more failure (or attempt) for `key`, atomically; returns the count in the
    current window."""
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    fresh = FAILURES.c.first_at < now - WINDOW
    statement = insert(FAILURES).values(key=key, failures=1, first_at=now)
    statement = statement.on_conflict_do_update(index_elements=["key"], set_={
        "failures": case((fresh, 1), else_=FAILURES.c.failures + 1),
        "first_at": case((fresh, now), else_=FAILURES.c.first_at)})
    return int(connection.execute(statement.returning(FAILURES.c.failures)).scalar_one())


def _lock(connection: Connection, key: str, over: int, now: datetime) -> bool:
    """Lock `key` for 1, 2, 4 ... minutes (the `over`th lock); False when another request
    locked it a moment ago."""
    until = now + min(FIRST_LOCK * 2 ** max(over - 1, 0), LONGEST_LOCK)
    armed = connection.execute(update(FAILURES).where(
        FAILURES.c.key == key,
        FAILURES.c.locked_until.is_(None) | (FAILURES.c.locked_until <= now),
    ).values(locked_until=until))
    return bool(armed.rowcount)


def authenticate(database: Database, username: str, password: str, address: str,
                 now: datetime) -> tuple[SignedIn | None, str]:
    """Check a sign-in from `address`. Returns the operator and "ok", or None and the reason:
    "bad" (wrong username or password) or "locked" (too many attempts; try later)."""
    user_key, address_key = _keys(username, address)
    with database.transaction() as connection:
        if _locked(connection, (user_key, address_key), now):
            return None, "locked"
        attempts = _count(connection, user_key, now)
        if attempts > MAX_FAILURES:
            # The first attempt over the limit only locks; after each lock, one may try.
            armed = _lock(connection, user_key, attempts - MAX_FAILURES, now)
            if not armed or attempts == MAX_FAILURES + 1:
                log.warning("sign-in for %r from %s refused: %d attempts", username[:64],
                            address, attempts)
                return None, "locked"
        row = connection.execute(select(
            OPERATORS.c.id, OPERATORS.c.username, OPERATORS.c.role, OPERATORS.c.agency_code,
            OPERATORS.c.password_hash, OPERATORS.c.active,
        ).where(OPERATORS.c.username == username)).first()
    # The attempt is committed before the (slow) password check: parallel guesses all count.
    if row is None or not row.active:
        check_password_hash(_DUMMY_HASH, password)
        valid = False
    else:
        valid = check_password_hash(row.password_hash, password)
    with database.transaction() as connection:
        if not valid:
            failures = _count(connection, address_key, now)
            if failures >= MAX_ADDRESS_FAILURES:
                _lock(connection, address_key, failures - MAX_ADDRESS_FAILURES + 1, now)
                log.warning("sign-ins from %s refused for a while: %d failures", address,
                            failures)
            return None, "bad"
        connection.execute(delete(FAILURES).where(FAILURES.c.key == user_key))
        connection.execute(update(OPERATORS).where(OPERATORS.c.id == row.id)
                           .values(last_login_at=now))
    return SignedIn(row.id, row.username, row.role, row.agency_code), "ok"
