"""The worker: replays the spool, watches deadlines (and farmers' questions nobody answered)
and carries out the outbox.

One job at a time: claim it under a lease and commit (`gateway.store.outbox`), do its work
outside any transaction with timeouts, then record the result in a second short transaction.
Nothing holds a database transaction while waiting for the network. A job that fails for a
passing reason is tried again after 30 s, 1 min, 2 min ... (at most an hour apart) until
OUTBOX_RETRY_HOURS have passed; one that can never succeed is marked failed at once. Several
workers may run at once on PostgreSQL. A database outage makes the worker wait and try again,
never stop.

`run_until_stopped` ends within seconds of SIGTERM: an idle worker exits at once; a job in
flight gets `GRACE_SECONDS` to finish, then is interrupted and given back (due at once).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from gateway.farming.questions import escalate_due
from gateway.outbox import downloads, farming_jobs, sp4n_jobs, texts
from gateway.outbox.jobs import Prepared
from gateway.providers.media import MediaFetcher
from gateway.providers.replay import replay
from gateway.providers.sending import (
    Caller,
    ConsoleCaller,
    PermanentError,
    SmsSender,
    TransientError,
)
from gateway.reports.deadlines import check_deadlines
from gateway.runtime import Runtime
from gateway.sp4n.national import NationalChannel
from gateway.store import outbox as jobs
from gateway.store.database import Connection, is_unavailable
from gateway.store.outbox import Job

log = logging.getLogger(__name__)
GRACE_SECONDS = 8.0


class Interrupted(BaseException):
    """Raised in the worker's thread when SIGTERM's grace time is over mid-job."""


@dataclass
class Worker:
    """One worker process: replays the spool, checks deadlines, carries out jobs."""

    rt: Runtime
    sender: SmsSender
    fetcher: MediaFetcher
    deadline_interval: timedelta = timedelta(minutes=1)
    _deadlines_checked: datetime | None = None
    stopping: threading.Event = field(default_factory=threading.Event)
    busy: bool = False
    caller: Caller = field(default_factory=ConsoleCaller)  # the farmers' voice alerts
    national: NationalChannel | None = None  # LAPOR!-SP4N; None while the bridge is off

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.rt.settings.OUTBOX_LEASE_SECONDS)

    @property
    def media(self) -> Path:
        return self.rt.settings.INSTANCE_DIR / "media"

    def run_once(self, limit: int = 1000) -> int:
        """Replay the spool, check deadlines when due, then carry out the jobs due now (at most
        `limit`); returns how many jobs were tried."""
        replay(self.rt)
        now = self.rt.clock()
        if self._deadlines_checked is None or \
                now - self._deadlines_checked >= self.deadline_interval:
            with self.rt.db.transaction() as connection:
                check_deadlines(connection, self.rt.catalog,
                                self.rt.settings.COMMAND_CENTER_NUMBER, now)
                escalate_due(connection, self.rt.catalog, self.rt.farm, now)
            self._deadlines_checked = now
        done = 0
        while done < limit and not self.stopping.is_set():
            if not self.run_job():
                break
            done += 1
        return done

    def run_job(self) -> bool:
        """Claim and carry out one job; False when none is due."""
        now = self.rt.clock()
        with self.rt.db.transaction() as connection:
            job = jobs.claim(connection, now, self.lease)
            if job is None:
                return False
            try:
                prepared = self._prepare(connection, job, now)
            except PermanentError as exc:
                jobs.failed(connection, job, str(exc))
                log.warning("job %s (%s) failed for good: %s", job.id, job.kind, exc)
                return True
        self._attempt(job, prepared)
        return True

    def _prepare(self, connection: Any, job: Job, now: datetime) -> Prepared:
        if job.kind == "sms":
            return texts.prepare(self.sender, connection, job, now)
        if job.kind == "download_recording":
            return downloads.prepare_recording(self.fetcher, self.media, connection, job, now)
        if job.kind == "download_media":
            return downloads.prepare_photo(self.fetcher, self.media, connection, job, now)
        if job.kind == "render_prompt":
            return farming_jobs.prepare_render(self.rt, connection, job, now)
        if job.kind == "call":
            return farming_jobs.prepare_call(self.rt, self.caller, connection, job, now)
        if job.kind == "sp4n_submit":
            return sp4n_jobs.prepare_submit(self.rt, self.national, connection, job, now)
        if job.kind == "sp4n_check":
            return sp4n_jobs.prepare_check(self.rt, self.national, connection, job, now)
        raise PermanentError(f"unknown job kind {job.kind!r}")

    def _attempt(self, job: Job, prepared: Prepared) -> None:
        self.busy = True
        try:
            result = prepared.perform()
        except PermanentError as exc:
            error = str(exc)
            def failed(connection: Connection, now: datetime) -> None:
                jobs.failed(connection, job, error)
                prepared.failed(connection, now)

            self._finish(job, failed)
            log.warning("job %s (%s) failed for good: %s", job.id, job.kind, error)
        except TransientError as exc:
            self._retry(job, prepared, str(exc))
        except Interrupted:
            self._finish(job, lambda c, now: jobs.release(c, job, now))
            log.warning("job %s (%s) interrupted by shutdown; given back", job.id, job.kind)
        else:
            def succeeded(connection: Connection, now: datetime) -> None:
                prepared.record(connection, result, now)
                jobs.succeeded(connection, job, now)

            self._finish(job, succeeded)
            log.info("job %s (%s) done", job.id, job.kind)
        finally:
            self.busy = False

    def _retry(self, job: Job, prepared: Prepared, error: str) -> None:
        give_up = timedelta(hours=self.rt.settings.OUTBOX_RETRY_HOURS)

        def schedule(connection: Any, now: datetime) -> None:
            due = jobs.retry_later(connection, job, error, now, give_up)
            if due is None:
                prepared.failed(connection, now)
                log.warning("job %s (%s) failed after %d attempts: %s", job.id, job.kind,
                            job.attempt, error)
            else:
                log.info("job %s (%s) will retry at %s: %s", job.id, job.kind,
                         due.isoformat(), error)

        self._finish(job, schedule)

    def _finish(self, job: Job, write: Callable[[Connection, datetime], object]) -> None:
        """Record an attempt's outcome; when the database is down, the lease runs out and the
        job is tried again later (at least once)."""
        try:
            with self.rt.db.transaction() as connection:
                write(connection, self.rt.clock())
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            log.warning("job %s (%s): outcome not recorded, database unavailable; it will be "
                        "tried again when its lease ends", job.id, job.kind)

    def run_forever(self, idle_seconds: float = 2.0) -> None:
        """Work until `stopping` is set; a database outage only pauses the work."""
        while not self.stopping.is_set():
            try:
                busy = self.run_once() > 0
            except Exception as exc:
                if not is_unavailable(exc):
                    raise
                log.warning("worker: database unavailable (%s); trying again",
                            type(exc).__name__)
                busy = False
            if not busy:
                self.stopping.wait(idle_seconds)

    def run_until_stopped(self, idle_seconds: float = 2.0) -> None:
        """`run_forever` in the main thread, ending within seconds of SIGTERM or SIGINT."""

        def interrupt(_signum: int, _frame: FrameType | None) -> None:
            if self.busy:  # still waiting on the network: give the job back
                raise Interrupted()

        def stop(signum: int, _frame: FrameType | None) -> None:
            log.info("worker: signal %d, stopping", signum)
            self.stopping.set()
            if self.busy:
                signal.signal(signal.SIGALRM, interrupt)
                signal.setitimer(signal.ITIMER_REAL, GRACE_SECONDS)

        previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.run_forever(idle_seconds)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
