"""Replaying the spool: carrying out the requests kept on disk while the database was down.

The worker calls `replay` on every round and `create_app` once at start-up. Requests are
carried out oldest first, each in its own transaction through the same handler as its webhook,
on the clock of its arrival, and the file is deleted once the transaction commits. Handlers are
idempotent by provider id (MessageSid, Kannel id, CallSid and turn, RecordingSid), so a request
replayed twice (a crash between commit and delete) changes nothing the second time. Replays
stop at the first sign that the database is still unavailable; a request whose handling fails
for another reason is set aside in `failed/` with the reason, and the rest go on. Only one
process replays at a time (a lock file beside the spool), so gunicorn's workers never race.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from gateway.providers.keeping import carry_out
from gateway.providers.registry import kinds
from gateway.providers.spool import Spool, spool_of
from gateway.runtime import Runtime
from gateway.store.database import is_unavailable

log = logging.getLogger(__name__)


@dataclass
class Replayed:
    """What one replay of the spool did."""

    done: int = 0
    set_aside: int = 0
    waiting: int = 0  # left in the spool: the database is still unavailable


def replay(rt: Runtime, limit: int = 10_000) -> Replayed:
    """Carry out up to `limit` spooled requests (see the module docstring)."""
    spool, outcome, known = spool_of(rt.settings), Replayed(), kinds()
    with _only_one(spool) as mine:
        if not mine:
            return outcome
        paths = list(spool.pending())[:limit]
        for index, path in enumerate(paths):
            try:
                delivery = spool.read(path)
            except (OSError, ValueError, KeyError) as exc:
                spool.set_aside(path, f"unreadable: {exc}")
                outcome.set_aside += 1
                continue
            kind = known.get(delivery.kind)
            if kind is None:
                spool.set_aside(path, f"no handler for {delivery.kind!r}")
                outcome.set_aside += 1
                continue
            try:
                carry_out(rt, kind, delivery)
            except Exception as exc:
                if is_unavailable(exc):
                    outcome.waiting = len(paths) - index
                    log.info("spool: database still unavailable, %d waiting", outcome.waiting)
                    break
                log.exception("spool: %s from %s failed", delivery.kind, path.name)
                if kind.fallback is None or not kind.fallback(rt, delivery):
                    spool.set_aside(path, f"{type(exc).__name__}: {exc}")
                    outcome.set_aside += 1
                    continue
            spool.done(path)
            outcome.done += 1
    if outcome.done or outcome.set_aside:
        log.info("spool: %d replayed, %d set aside", outcome.done, outcome.set_aside)
    return outcome


@contextmanager
def _only_one(spool: Spool) -> Iterator[bool]:
    """True inside when this process holds the replay lock; False when another one does."""
    if not spool.folder.is_dir():
        yield False
        return
    descriptor = os.open(spool.folder / ".replay.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)  # closing releases the lock
