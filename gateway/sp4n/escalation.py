"""Escalating a report to LAPOR!-SP4N and following it there.

An operator asks (`request`, in the page's transaction): the request and a history line are
kept and an `sp4n_submit` job is queued. The worker sends the complaint (`complaint_of`) and
keeps the national tracking id (`record_sent`); reporters are texted the number. From then on
an `sp4n_check` job every LAPOR_SP4N_CHECK_MINUTES reads the national status
(`record_state`): a new status or follow-up goes into the report's history and to the
reporters; a national status that says where the city's report stands too (in progress,
resolved) moves it there, with the usual texts. Who may escalate is checked by the caller
(`gateway.operators.actions.escalate`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from gateway.reports import changes, history
from gateway.reports.deadlines import WIB
from gateway.reports.history import Event
from gateway.reports.lifecycle import ReportStatus
from gateway.reports.notices import queue_status_text
from gateway.sp4n.national import Complaint, NationalState
from gateway.store import escalations
from gateway.store import reports as rows
from gateway.store.database import Connection
from gateway.store.escalations import Escalation
from gateway.store.outbox import enqueue, job_row
from routing.catalog import Catalog
from sms.replies import reply

ACTOR = "lapor-sp4n"  # the history's actor for what LAPOR! says
SUBMIT, CHECK = "sp4n_submit", "sp4n_check"
# LAPOR!'s statuses (its words, lower case) that also say where the city's report stands.
STATUS_MEANS = {"proses": ReportStatus.IN_PROGRESS, "diproses": ReportStatus.IN_PROGRESS,
                "ditindaklanjuti": ReportStatus.IN_PROGRESS, "selesai": ReportStatus.RESOLVED}
FINAL = frozenset({"selesai", "ditutup", "ditolak"})  # nothing more is checked after these
KEEP_CHECKING = timedelta(days=180)  # a national complaint still open after this is left be


def request(connection: Connection, report: changes.ReportRow, actor: str, summary: str,
            public: bool, now: datetime) -> bool:
    """Ask for `report` to be escalated; False when it was escalated before."""
    if not escalations.request(connection, report.id, actor, summary, public, now):
        return False
    history.record(connection, now, Event(report.id, actor, "sp4n_requested",
                                          {"public": public}))
    enqueue(connection, [job_row(SUBMIT, {}, now, report.id)])
    return True


def retry(connection: Connection, report: changes.ReportRow, actor: str, summary: str,
          public: bool, now: datetime) -> bool:
    """Ask again after sending failed for good; False when there is nothing to retry."""
    if not escalations.withdraw_failed(connection, report.id):
        return False
    return request(connection, report, actor, summary, public, now)


def complaint_of(escalation: Escalation, catalog: Catalog) -> Complaint:
    """What LAPOR! is sent: the operator's summary and the report's category, place and date;
    never a name or a number."""
    category = catalog.categories.get(escalation.category_code or "")
    what = category.name("id") if category else "Laporan warga"
    created = escalation.created_at.astimezone(WIB)
    place = _place(escalation.area_code, catalog)
    text = (f"{escalation.summary.strip()}\n\n(Diteruskan dari Lapor Kota Batu, tiket "
            f"{escalation.ticket}, masuk {created:%d/%m/%Y %H:%M} WIB lewat "
            f"{escalation.channel}.)")
    return Complaint(
        external_id=escalation.ticket, classification="pengaduan",
        title=f"{what} di {place}"[:150], text=text, happened_on=created.date(),
        location=place, category=what, channel=escalation.channel,
        confidential=not escalation.public)


def _place(area_code: str | None, catalog: Catalog) -> str:
    area = catalog.areas.get(area_code or "")
    if area is None:
        return "Kota Batu, Jawa Timur"
    if area.level == "kecamatan":
        return f"Kecamatan {area.name}, Kota Batu, Jawa Timur"
    kecamatan = catalog.areas.get(area.parent_code or "")
    return f"{area.name}, Kecamatan {kecamatan.name if kecamatan else '-'}, Kota Batu, Jawa Timur"


def record_sent(connection: Connection, escalation: Escalation, tracking_id: str,
                check_every: timedelta, now: datetime) -> None:
    """LAPOR! took the complaint: keep its tracking id, tell the reporters, check it later."""
    escalations.sent(connection, escalation.report_id, tracking_id, now)
    history.record(connection, now, Event(escalation.report_id, "system", "sp4n_sent",
                                          {"tracking_id": tracking_id}))
    _text_followers(connection, escalation, "national_sent", now, tracking=tracking_id)
    schedule_check(connection, escalation.report_id, now, now + check_every)


def record_failure(connection: Connection, escalation: Escalation, reason: str,
                   now: datetime) -> None:
    """Sending failed for good: the operator reads why on the report's page."""
    escalations.failed(connection, escalation.report_id, reason)
    history.record(connection, now, Event(escalation.report_id, "system", "sp4n_failed",
                                          {"reason": reason[:300]}))


def schedule_check(connection: Connection, report_id: int, now: datetime,
                   due: datetime) -> None:
    """Queue the next reading of the national status, due at `due`."""
    enqueue(connection, [{**job_row(CHECK, {}, now, report_id), "next_attempt_at": due}])


def record_state(connection: Connection, catalog: Catalog, escalation: Escalation,
                 state: NationalState, check_every: timedelta, now: datetime) -> None:
    """What LAPOR! says now: new follow-ups and a changed status go into the history and to
    the reporters; then the next check is queued, unless the complaint is over."""
    new_replies = state.replies[escalation.replies_seen:]
    status_changed = bool(state.status) and state.status != (escalation.national_status or "")
    if status_changed or new_replies:
        note = new_replies[-1].text if new_replies else ""
        history.record(connection, now, Event(escalation.report_id, ACTOR, "sp4n_status", {
            "tracking_id": state.tracking_id, "status": state.status,
            "replies": [r.text[:1000] for r in new_replies]}))
        _tell(connection, catalog, escalation, state.status, note, now)
    escalations.checked(connection, escalation.report_id,
                        state.status or escalation.national_status or "",
                        max(len(state.replies), escalation.replies_seen), now)
    sent_at = escalation.sent_at or now
    if state.status.lower() not in FINAL and now - sent_at < KEEP_CHECKING:
        schedule_check(connection, escalation.report_id, now, now + check_every)


def _tell(connection: Connection, catalog: Catalog, escalation: Escalation, status: str,
          note: str, now: datetime) -> None:
    """A national status that means one of the city's moves the report there (its texts
    follow); any other news is texted as LAPOR!'s own words."""
    report = changes.find(connection, report_id=escalation.report_id)
    means = STATUS_MEANS.get(status.lower())
    if report is None:
        return
    if means is not None and report.status != means.value \
            and not ReportStatus(report.status).is_closed:
        changes.change_status(connection, catalog, report, means, ACTOR, now,
                              reason=f"LAPOR!-SP4N: {note}" if note else "")
        return
    words = " ".join(note.split())
    words = words if len(words) <= 200 else words[:197].rsplit(" ", 1)[0] + " ..."
    _text_followers(connection, escalation, "national_update", now, status=status or "-",
                    note=words)


def _text_followers(connection: Connection, escalation: Escalation, key: str, now: datetime,
                    **values: str) -> None:
    """Text everyone who reported the problem the reply `key`, each in their language."""
    for number, language, channel in rows.followers(connection, escalation.report_id):
        if number:
            text = reply(key, language, ticket=escalation.ticket, **values).strip()
            queue_status_text(connection, number, channel, text, now, escalation.report_id)
