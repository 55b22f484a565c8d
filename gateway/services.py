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

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from gateway import models
from gateway.notices import send_text
from gateway.tickets import new_ticket
from routing.catalog import Catalog
from routing.decision import Decision, route_by_category
from sms.numbers import mask_msisdn
from sms.replies import reply

log = logging.getLogger(__name__)

TICKET_ATTEMPTS = 20


class TicketSpaceError(Exception):
    """No free ticket number was found; the ticket generator is broken or the space is full."""


@dataclass(frozen=True, slots=True)
class RecordingRef:
    sid: str
    url: str
    duration_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class NewReport:
    channel: str
    reporter: str | None
    language: str = "id"
    category_code: str | None = None
    area_code: str | None = None
    text: str = ""
    call_sid: str | None = None
    recording: RecordingRef | None = None
    status: str = "new"  # "abandoned" for what a caller left when hanging up mid-report
    decision: Decision | None = None  # routing by text; else by category


def _insert_with_ticket(
    session: Session, build: Callable[[str], models.Report], ticket_factory: Callable[[], str]
) -> models.Report:
    """Insert the report under a fresh random ticket, drawing again on the rare collision.

    Each attempt runs in a SAVEPOINT so a unique-violation does not spoil the caller's
    transaction; the database's unique constraint is the arbiter, so concurrent writers in
    other processes cannot both get the same number.
    """
    for _ in range(TICKET_ATTEMPTS):
        ticket = ticket_factory()
        report = build(ticket)
        try:
            with session.begin_nested():
                session.add(report)
        except IntegrityError:
            if session.scalar(select(models.Report.id).where(models.Report.ticket == ticket)):
                log.info("ticket collision on %s: drawing again", ticket)
                continue  # taken, maybe by a concurrent transaction: draw again
            raise
        return report
    raise TicketSpaceError(f"no free ticket after {TICKET_ATTEMPTS} draws")


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
    reporter's confirmation with the ticket.

    Idempotent per call: submitting twice for the same CallSid returns the first report.
    """
    if new.call_sid:
        same_call = select(models.Report).where(models.Report.call_sid == new.call_sid)
        existing = session.scalar(same_call)
        if existing is not None:
            return existing
    decision = new.decision or route_by_category(catalog, new.category_code)
    category = catalog.categories.get(new.category_code or decision.category or "")
    acknowledge = timedelta(hours=category.acknowledge_hours if category else 24)
    resolve = timedelta(hours=category.resolve_hours if category else 168)

    def build(ticket: str) -> models.Report:
        return models.Report(
            ticket=ticket, channel=new.channel, reporter=new.reporter, language=new.language,
            category_code=category.code if category else None,
            area_code=new.area_code if new.area_code in catalog.areas else None,
            text=new.text, status=new.status, agency_code=decision.agency,
            priority=category.priority if category else "normal",
            routing=decision.as_dict(), call_sid=new.call_sid, created_at=now, updated_at=now,
            acknowledge_by=now + acknowledge, resolve_by=now + resolve,
        )

    report = _insert_with_ticket(session, build, ticket_factory)
    session.add_all([
        models.ReportEvent(report_id=report.id, at=now, actor="citizen", action="created",
                           to_status=new.status, detail={"channel": new.channel}),
        models.ReportEvent(report_id=report.id, at=now, actor="system", action="routed",
                           detail=decision.as_dict()),
    ])
    if new.call_sid:
        for recording in session.scalars(
            select(models.Recording).where(models.Recording.call_sid == new.call_sid)
        ):
            recording.report_id = report.id
    if new.recording is not None:
        store_recording(session, new.call_sid or "", new.recording, None, now, report.id)
    parent = find_duplicate(session, report, now - duplicate_window) if duplicate_window else None
    if parent is not None:
        join_duplicate(session, report, parent, now)
    elif report.priority == "urgent" and report.status == "new":
        dispatch_urc(session, catalog, report, now)
    if notify and report.reporter and new.status == "new":
        channel = new.channel if new.channel in ("sms", "whatsapp") else "sms"
        send_text(session, report.reporter, channel,
                  reply("received", report.language, ticket=report.public_ticket), now,
                  report.id)
    session.flush()
    log.info(
        "report created ticket=%s channel=%s category=%s agency=%s reporter=%s",
        report.ticket, report.channel, report.category_code, report.agency_code,
        mask_msisdn(report.reporter),
    )
    return report


OPEN = ("new", "verified", "forwarded", "in_progress")


def find_duplicate(
    session: Session, report: models.Report, since: datetime
) -> models.Report | None:
    """The open report of the same category in the same place since `since`, if any."""
    if report.category_code is None or report.area_code is None:
        return None
    return session.scalar(
        select(models.Report).where(
            models.Report.id != report.id,
            models.Report.category_code == report.category_code,
            models.Report.area_code == report.area_code,
            models.Report.created_at >= since,
            models.Report.parent_id.is_(None),
            models.Report.status.in_(OPEN),
        ).order_by(models.Report.created_at, models.Report.id).limit(1)
    )


PRIORITIES = ("low", "normal", "high", "urgent")
REPORTERS_FOR_RAISE = 3  # every this many reporters of one problem raise its priority a step


def join_duplicate(session: Session, report: models.Report, parent: models.Report,
                   now: datetime) -> None:
    """Attach `report` to the open `parent`: one piece of work, every reporter kept informed.
    Every `REPORTERS_FOR_RAISE` different numbers reporting it raise its priority a step."""
    report.parent, report.status, report.agency_code = parent, "duplicate", parent.agency_code
    session.flush()
    # Counted from the (parent_id, reporter) index, not by loading the duplicates, and without
    # locking the open report, which a flood of reports of one problem would queue on.
    group = (or_(models.Report.id == parent.id, models.Report.parent_id == parent.id),
             models.Report.id != report.id)
    earlier = session.scalar(select(func.count(distinct(models.Report.reporter))).where(*group))
    new_reporter = report.reporter is not None and session.scalar(
        select(models.Report.id).where(*group, models.Report.reporter == report.reporter)
        .limit(1)) is None
    reporters = (earlier or 0) + new_reporter
    session.add_all([
        models.ReportEvent(report_id=report.id, at=now, actor="system", action="duplicate_of",
                           from_status="new", to_status="duplicate",
                           detail={"parent": parent.ticket}),
        models.ReportEvent(report_id=parent.id, at=now, actor="system", action="duplicate_joined",
                           detail={"report": report.ticket, "reporters": reporters}),
    ])
    if new_reporter and reporters % REPORTERS_FOR_RAISE == 0 and parent.priority != PRIORITIES[-1]:
        before = parent.priority
        parent.priority = PRIORITIES[min(PRIORITIES.index(before) + 1, len(PRIORITIES) - 1)]
        session.add(models.ReportEvent(
            report_id=parent.id, at=now, actor="system", action="priority",
            detail={"from": before, "to": parent.priority, "reason": f"{reporters} pelapor"}))
    log.info("report %s joined open report %s (%d reporters)", report.ticket, parent.ticket,
             reporters)


def dispatch_urc(session: Session, catalog: Catalog, report: models.Report, now: datetime) -> None:
    """Text an urgent report at once to the on-duty numbers of the agency's URC."""
    agency = catalog.agencies.get(report.agency_code or "")
    if agency is None:
        return
    category = catalog.categories.get(report.category_code or "")
    area = catalog.areas.get(report.area_code or "")
    summary = " ".join(report.text.split())[:70] or "laporan lewat telepon, dengarkan rekamannya"
    text = (f"URC {agency.short_name}: DARURAT tiket {report.ticket}, "
            f"{category.name('id') if category else 'tanpa kategori'}, "
            f"{area.name if area else 'lokasi belum diketahui'}. {summary}")
    # Staff on duty, not citizens: an opt-out recorded for such a number must not stop this.
    sent = [n for n in agency.urc_numbers
            if send_text(session, n, "sms", text, now, report.id, force=True)]
    session.add(models.ReportEvent(
        report_id=report.id, at=now, actor="system",
        action="urc_dispatched" if sent else "urc_not_dispatched",
        detail={"numbers": len(sent)} if sent else {"reason": "no URC numbers in agencies.yaml"},
    ))


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
