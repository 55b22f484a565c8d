"""Use cases on reports, shared by every channel: submit a report, attach a recording.

Services take the session and their collaborators as arguments and never commit: the caller
(webhook or CLI command) owns the transaction, so a report and everything it causes are written
together or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from gateway.reports.filing import (
    Batch,
    Filed,
    NewReport,
    RecordingRef,
    TicketSpaceError,
    file_report,
    join_group,
)
from gateway.reports.tickets import new_ticket
from gateway.store import models
from gateway.texting.notices import send_text
from routing.catalog import Catalog
from sms.replies import reply

__all__ = ["NewReport", "RecordingRef", "TicketSpaceError", "join_duplicate", "submit_report"]

log = logging.getLogger(__name__)


def _forget(session: Session, report_id: int | None) -> None:
    """Make the session reload a report it may hold after Core statements changed its row."""
    if report_id is None:
        return
    held = session.identity_map.get(identity_key(models.Report, report_id))
    if held is not None:
        session.expire(held)


def submit_report(
    session: Session,
    catalog: Catalog,
    new: NewReport,
    now: datetime,
    ticket_factory: Callable[[], str] = new_ticket,
    notify: bool = True,
    duplicate_window: timedelta = timedelta(0),
) -> models.Report:
    """Store a citizen's report, route it, record its history, and (with `notify`) queue the
    reporter's confirmation with the ticket. `gateway.reports.filing.file_report` writes the rows.

    Idempotent per call: submitting twice for the same CallSid returns the first report.
    """
    session.flush()  # the Core statements below must see what the session holds
    batch = Batch()
    filed = file_report(session.connection(), batch, catalog, new, now, ticket_factory,
                        duplicate_window)
    batch.write(session.connection())
    _forget(session, filed.parent_id)
    report = session.get(models.Report, filed.id)
    assert report is not None
    if filed.existing:
        return report
    if new.call_sid:
        session.execute(update(models.Recording).where(models.Recording.call_sid == new.call_sid)
                        .values(report_id=report.id))
    if new.recording is not None:
        store_recording(session, new.call_sid or "", new.recording, None, now, report.id)
    if notify and report.reporter and new.status == "new":
        channel = new.channel if new.channel in ("sms", "whatsapp") else "sms"
        send_text(session, report.reporter, channel,
                  reply("received", report.language, ticket=filed.public_ticket), now,
                  report.id)
    session.flush()
    return report


def join_duplicate(session: Session, report: models.Report, parent: models.Report,
                   now: datetime) -> None:
    """Attach `report` to the open `parent`: one piece of work, every reporter kept informed."""
    report.parent, report.status, report.agency_code = parent, "duplicate", parent.agency_code
    session.flush()
    batch = Batch()
    join_group(session.connection(), batch, Filed(report.id, report.ticket), report.reporter,
               parent, now)
    batch.write(session.connection())
    session.expire(parent, ["priority", "reporters", "events"])
    session.expire(report, ["events"])


def store_recording(
    session: Session,
    call_sid: str,
    ref: RecordingRef,
    status: str | None,
    now: datetime,
    report_id: int | None = None,
) -> models.Recording:
    """Create or update the recording `ref.sid`; link it to the call's report when known.

    Twilio may announce a recording from the <Record> action and from the status callback, in
    either order; both land on the same row.
    """
    recording = session.scalar(
        select(models.Recording).where(models.Recording.recording_sid == ref.sid)
    )
    if recording is None:
        recording = models.Recording(recording_sid=ref.sid, call_sid=call_sid, url=ref.url,
                                     created_at=now)
        session.add(recording)
    recording.url = ref.url or recording.url
    if ref.duration_seconds is not None:
        recording.duration_seconds = ref.duration_seconds
    if status:
        recording.status = status
    recording.updated_at = now
    if report_id is None and call_sid:
        report_id = session.scalar(
            select(models.Report.id).where(models.Report.call_sid == call_sid)
        )
    if report_id is not None:
        recording.report_id = report_id
    session.flush()
    return recording


def queue_recording_download(session: Session, recording: models.Recording, now: datetime) -> None:
    """Ask the worker to keep a local copy of a finished recording (once per recording)."""
    exists = session.scalar(select(models.OutboxItem.id).where(
        models.OutboxItem.kind == "download_recording",
        models.OutboxItem.payload["recording_sid"].as_string() == recording.recording_sid,
    ))
    if exists is None:
        session.add(models.OutboxItem(
            kind="download_recording", payload={"recording_sid": recording.recording_sid},
            report_id=recording.report_id, created_at=now, next_attempt_at=now,
        ))


@dataclass(frozen=True, slots=True)
class StatusAnswer:
    found: bool
    status: str = ""
    agency: str = ""  # the agency's spoken name; empty while in triage


def lookup_status(session: Session, catalog: Catalog, ticket: str) -> StatusAnswer:
    report = session.scalar(select(models.Report).where(models.Report.ticket == ticket))
    if report is None:
        return StatusAnswer(False)
    agency = catalog.agencies.get(report.agency_code or "")
    return StatusAnswer(True, report.status, agency.spoken_name if agency else "")
