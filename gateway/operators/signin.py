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

from werkzeug.security import check_password_hash, generate_password_hash

from gateway.store import sign_in
from gateway.store.database import Database

log = logging.getLogger(__name__)

MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 30
WINDOW = timedelta(minutes=15)
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(minutes=60)
# Checked when the username is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = generate_password_hash("lapor-gateway-dummy-password")


@dataclass(frozen=True, slots=True)
class SignedIn:
    """An operator whose username and password were right."""

    id: int
    username: str
    role: str
    agency_code: str | None


def _keys(username: str, address: str) -> tuple[str, str]:
    return f"{sign_in.user_prefix(username)}{address[:64]}", f"addr:{address[:64]}"


def _lock_until(now: datetime, over: int) -> datetime:
    """The end of the `over`th lock: 1, 2, 4 ... minutes, at most an hour."""
    doublings = min(max(over - 1, 0), 20)
    return now + min(FIRST_LOCK * (1 << doublings), LONGEST_LOCK)


def authenticate(database: Database, username: str, password: str, address: str,
                 now: datetime) -> tuple[SignedIn | None, str]:
    """Check a sign-in from `address`. Returns the operator and "ok", or None and the reason:
    "bad" (wrong username or password) or "locked" (too many attempts; try later)."""
    user_key, address_key = _keys(username, address)
    with database.transaction() as connection:
        if sign_in.locked(connection, (user_key, address_key), now):
            return None, "locked"
        attempts = sign_in.count(connection, user_key, now, WINDOW)
        if attempts > MAX_FAILURES:
            # The first attempt over the limit only locks; after each lock, one may try.
            armed = sign_in.lock(connection, user_key,
                                 _lock_until(now, attempts - MAX_FAILURES), now)
            if not armed or attempts == MAX_FAILURES + 1:
                log.warning("sign-in for %r from %s refused: %d attempts", username[:64],
                            address, attempts)
                return None, "locked"
        row = sign_in.credentials(connection, username)
    # The attempt is committed before the (slow) password check: parallel guesses all count.
    if row is None or not row.active:
        check_password_hash(_DUMMY_HASH, password)
        valid = False
    else:
        valid = check_password_hash(row.password_hash, password)
    with database.transaction() as connection:
        if not valid or row is None:
            failures = sign_in.count(connection, address_key, now, WINDOW)
            if failures >= MAX_ADDRESS_FAILURES:
                sign_in.lock(connection, address_key,
                             _lock_until(now, failures - MAX_ADDRESS_FAILURES + 1), now)
                log.warning("sign-ins from %s refused for a while: %d failures", address,
                            failures)
            return None, "bad"
        sign_in.clear(connection, user_key)
        sign_in.signed_in(connection, row.id, now)
    return SignedIn(row.id, row.username, row.role, row.agency_code), "ok"
