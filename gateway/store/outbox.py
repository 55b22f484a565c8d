"""The outbox table: work for the worker, written in the transaction of the change that causes
it, claimed under a lease, and finished in a second short transaction.

The one module that writes `outbox`. A job is `pending` until a worker claims it; the claim sets
it `sending` and moves `next_attempt_at` to the end of the lease. If the worker dies, the lease
runs out and another claim takes the job again: at least once, and at most one extra attempt
per crash. Each claim counts an attempt, and `finish` only records the result of the attempt
that holds the job, so a worker whose lease ran out cannot overwrite a newer attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from gateway.store import models

OUTBOX = models.table(models.OutboxItem)
_INSERT = insert(OUTBOX)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Job:
    """A claimed job: what to do, and which attempt this is."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempt: int
    report_id: int | None
    message_id: int | None
    created_at: datetime


def job_row(kind: str, payload: dict[str, Any], now: datetime,
            report_id: int | None = None) -> dict[str, Any]:
    """The outbox row of one job, due now."""
    return {"kind": kind, "payload": payload, "report_id": report_id, "status": "pending",
            "attempts": 0, "created_at": now, "next_attempt_at": now}


def enqueue(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Add jobs (rows from `job_row`) in the caller's transaction."""
    if rows:
        connection.execute(_INSERT, rows)


def pending_exists(connection: Connection, kind: str, key: str, value: str) -> bool:
    """Whether a job of `kind` whose payload[`key`] is `value` was ever queued."""
    found = connection.execute(select(OUTBOX.c.id).where(
        OUTBOX.c.kind == kind, OUTBOX.c.payload[key].as_string() == value).limit(1)).first()
    return found is not None


def _held(report_id: int, now: datetime) -> Any:
    """Status texts about `report_id` still held back: not due yet, never tried."""
    return ((OUTBOX.c.report_id == report_id) & (OUTBOX.c.kind == "sms")
            & (OUTBOX.c.status == "pending") & (OUTBOX.c.attempts == 0)
            & (OUTBOX.c.next_attempt_at > now)
            & (OUTBOX.c.payload["notice"].as_string() == "status"))


def replace_held(connection: Connection, report_id: int, to: str, payload: dict[str, Any],
                 now: datetime, due: datetime) -> bool:
    """Put `payload` in place of the held status text to `to` about the report, due at `due`;
    False when there is none."""
    done = connection.execute(update(OUTBOX).where(
        _held(report_id, now), OUTBOX.c.payload["to"].as_string() == to).values(
        payload=payload, next_attempt_at=due))
    return bool(done.rowcount)


def withdraw_held(connection: Connection, report_id: int, now: datetime) -> int:
    """Drop the held status texts about the report; how many."""
    return connection.execute(delete(OUTBOX).where(_held(report_id, now))).rowcount or 0


def claim(connection: Connection, now: datetime, lease: timedelta) -> Job | None:
    """Take the job that is due first, or whose lease ran out, for `lease`; None when nothing is
    due. On PostgreSQL workers skip each other's locked rows; SQLite has one writer at a time."""
    row = connection.execute(
        select(OUTBOX.c.id, OUTBOX.c.kind, OUTBOX.c.payload, OUTBOX.c.attempts,
               OUTBOX.c.report_id, OUTBOX.c.message_id, OUTBOX.c.created_at)
        .where(OUTBOX.c.status.in_(("pending", "sending")), OUTBOX.c.next_attempt_at <= now)
        .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id).limit(1)
        .with_for_update(skip_locked=True)
    ).first()
    if row is None:
        return None
    attempt = row.attempts + 1
    connection.execute(update(OUTBOX).where(OUTBOX.c.id == row.id).values(
        status="sending", attempts=attempt, next_attempt_at=now + lease))
    return Job(row.id, row.kind, dict(row.payload or {}), attempt, row.report_id,
               row.message_id, row.created_at)


def attach_message(connection: Connection, job: Job, message_id: int) -> Job:
    """Remember the message row an SMS job sends, for its later attempts."""
    connection.execute(update(OUTBOX).where(OUTBOX.c.id == job.id)
                       .values(message_id=message_id))
    return Job(job.id, job.kind, job.payload, job.attempt, job.report_id, message_id,
               job.created_at)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min ... at most an hour between tries."""
    doublings = min(max(attempts - 1, 0), 20)  # 2**20 retries apart is past any limit
    return min(FIRST_RETRY * (1 << doublings), LONGEST_RETRY)


def _finish(connection: Connection, job: Job, **values: Any) -> bool:
    done = connection.execute(update(OUTBOX).where(
        OUTBOX.c.id == job.id, OUTBOX.c.attempts == job.attempt,
        OUTBOX.c.status == "sending").values(**values))
    return bool(done.rowcount)


def succeeded(connection: Connection, job: Job, now: datetime) -> bool:
    """Record that the job is done; False when another attempt holds it now."""
    return _finish(connection, job, status="done", done_at=now, last_error=None)


def failed(connection: Connection, job: Job, error: str) -> bool:
    """Record that the job can never succeed."""
    return _finish(connection, job, status="failed", last_error=error[:1000])


def retry_later(connection: Connection, job: Job, error: str, now: datetime,
                give_up_after: timedelta) -> datetime | None:
    """Schedule the next attempt with backoff; None (and failed) once `give_up_after` has passed
    since the job was queued."""
    due = now + backoff(job.attempt)
    if due - job.created_at > give_up_after:
        failed(connection, job, f"gave up after {job.attempt} attempts: {error}")
        return None
    _finish(connection, job, status="pending", next_attempt_at=due, last_error=error[:1000])
    return due


def release(connection: Connection, job: Job, now: datetime) -> None:
    """Give an interrupted attempt back, due at once (its outcome is unknown: at least once)."""
    _finish(connection, job, status="pending", next_attempt_at=now,
            last_error="interrupted: the worker stopped")


def newest_id(connection: Connection) -> int:
    """The newest job's id (0 for an empty outbox)."""
    return int(connection.scalar(select(func.max(OUTBOX.c.id))) or 0)


def texts_after(connection: Connection, job_id: int) -> list[dict[str, Any]]:
    """The payloads of the texts queued after job `job_id`, oldest first."""
    return [dict(payload or {}) for (payload,) in connection.execute(
        select(OUTBOX.c.payload).where(OUTBOX.c.id > job_id, OUTBOX.c.kind == "sms")
        .order_by(OUTBOX.c.id))]
