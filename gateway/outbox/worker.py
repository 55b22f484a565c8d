"""The worker: watches deadlines and carries out the outbox (SMS, downloads) with retries.

Each job runs in its own transaction. On PostgreSQL several workers can run at once: due jobs are
claimed with FOR UPDATE SKIP LOCKED. A job that fails for a passing reason is tried again after
30 s, 1 min, 2 min ... up to an hour, and marked failed after `MAX_ATTEMPTS` or at once when it
can never succeed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.outbox.sending import PermanentError, RecordingFetcher, SmsSender, TransientError
from gateway.reports.deadlines import check_deadlines
from gateway.settings import Settings
from gateway.store import models
from gateway.store.database import Database
from routing.catalog import Catalog
from sms.numbers import mask_msisdn

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


@dataclass
class Worker:
    settings: Settings
    db: Database
    sender: SmsSender
    fetcher: RecordingFetcher
    clock: Callable[[], datetime]
    catalog: Catalog
    deadline_interval: timedelta = timedelta(minutes=1)
    _deadlines_checked: datetime | None = None

    def run_once(self, limit: int = 1000) -> int:
        """Check deadlines, then process the jobs that are due now (at most `limit`); returns
        how many jobs were tried."""
        now = self.clock()
        if self._deadlines_checked is None or now - self._deadlines_checked >= \
                self.deadline_interval:
            with self.db.session() as session:
                check_deadlines(session, self.catalog, self.settings, now)
            self._deadlines_checked = now
        done = 0
        while done < limit:
            with self.db.session() as session:
                jobs = session.scalars(
                    select(models.OutboxItem)
                    .where(models.OutboxItem.status == "pending",
                           models.OutboxItem.next_attempt_at <= self.clock())
                    .order_by(models.OutboxItem.next_attempt_at, models.OutboxItem.id)
                    .limit(1).with_for_update(skip_locked=True)
                ).all()
                if not jobs:
                    return done
                self._attempt(session, jobs[0])
            done += 1
        return done

    def run_forever(self, idle_seconds: float = 2.0,
                    should_stop: Callable[[], bool] = lambda: False) -> None:
        while not should_stop():
            if self.run_once() == 0:
                time.sleep(idle_seconds)

    def _attempt(self, session: Session, job: models.OutboxItem) -> None:
        now = self.clock()
        job.attempts += 1
        try:
            if job.kind == "sms":
                self._send_sms(session, job, now)
            elif job.kind == "download_recording":
                self._download(session, job)
            elif job.kind == "download_media":
                self._download_photo(session, job, now)
            else:
                raise PermanentError(f"unknown job kind {job.kind!r}")
        except PermanentError as exc:
            job.status, job.last_error = "failed", str(exc)
            log.warning("job %s (%s) failed for good: %s", job.id, job.kind, exc)
        except TransientError as exc:
            job.last_error = str(exc)
            if job.attempts >= MAX_ATTEMPTS:
                job.status = "failed"
                log.warning("job %s (%s) failed after %d attempts: %s", job.id, job.kind,
                            job.attempts, exc)
            else:
                job.next_attempt_at = now + backoff(job.attempts)
                log.info("job %s (%s) will retry at %s: %s", job.id, job.kind,
                         job.next_attempt_at.isoformat(), exc)
        else:
            job.status, job.done_at, job.last_error = "done", now, None

    def _send_sms(self, session: Session, job: models.OutboxItem, now: datetime) -> None:
        to, body = str(job.payload.get("to") or ""), str(job.payload.get("body") or "")
        channel = str(job.payload.get("channel") or "sms")
        if not to or not body:
            raise PermanentError("sms job without recipient or body")
        contact = session.get(models.Contact, to)
        if contact is not None and contact.opted_out and not job.payload.get("force"):
            raise PermanentError("recipient opted out after the message was queued")
        # The message row first: its id is the reference delivery reports come back with.
        message = models.Message(
            direction="out", provider=self.sender.provider, channel=channel, to_number=to,
            body=body, status="sending", report_id=job.report_id, created_at=now,
            updated_at=now,
        )
        with session.begin_nested():
            session.add(message)
        try:
            sent = self.sender.send(to, body, channel, message.id)
        except (PermanentError, TransientError):
            session.delete(message)
            raise
        message.provider, message.provider_id, message.status = (
            sent.provider, sent.provider_id, sent.status)
        log.info("sms job %s sent to %s via %s", job.id, mask_msisdn(to), sent.provider)

    def _download(self, session: Session, job: models.OutboxItem) -> None:
        sid = str(job.payload.get("recording_sid") or "")
        recording = session.scalar(
            select(models.Recording).where(models.Recording.recording_sid == sid)
        )
        if recording is None or not recording.url:
            raise PermanentError(f"recording {sid!r} is unknown")
        target = self.settings.INSTANCE_DIR / "media" / "recordings" / f"{sid}.wav"
        self.fetcher.fetch(recording.url + ".wav", target)
        recording.local_path = str(target)
        log.info("recording %s kept at %s", sid, target)

    def _download_photo(self, session: Session, job: models.OutboxItem, now: datetime) -> None:
        url = str(job.payload.get("url") or "")
        if not url or job.report_id is None:
            raise PermanentError("photo job without URL or report")
        name = url.rstrip("/").rsplit("/", 1)[-1] or str(job.id)
        target = (self.settings.INSTANCE_DIR / "media" / "photos" / str(job.report_id)
                  / f"{name}.jpg")
        self.fetcher.fetch(url, target)
        session.add(models.ReportEvent(report_id=job.report_id, at=now, actor="citizen",
                                       action="photo", detail={"path": str(target)}))
        log.info("photo for report %s kept at %s", job.report_id, target)
