"""The hotline as a service: what each voice webhook does, given its call and its event.

`answer`, `step`, `ended`, `recorded` and `hold_music` run inside the caller's transaction (the
provider view's, or the spool's replay), with the call's row locked. A step advances the flow
engine once per event, carries out what it asks for (file a report, look one up) and feeds the
result back, then renders the TwiML and saves the turn. The view turns provider fields into
these arguments; the same functions replay a spooled request after a database outage.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection

from gateway.reports import changes
from gateway.reports.filing import NewReport, file_report
from gateway.reports.status import ReportStatus
from gateway.runtime import Runtime
from gateway.voice import calls, recordings, twiml
from gateway.voice.calls import CallRow
from gateway.voice.recordings import RecordingRef
from ivr_flows.engine import advance
from ivr_flows.nodes import HandoffNode
from ivr_flows.steps import (
    Action,
    CallState,
    Event,
    LookupStatus,
    Start,
    StatusFound,
    SubmitReport,
    Submitted,
)
from sms.numbers import mask_msisdn

log = logging.getLogger(__name__)
ENDED = {"completed", "busy", "failed", "no-answer", "canceled"}


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling, as the provider says."""

    call_sid: str
    from_number: str | None = None
    to_number: str | None = None


def urls(base: str, seq: int) -> twiml.Urls:
    """Where the caller's next input, recordings and queue music go, under `base` (the
    gateway's mount point, or its public address)."""
    return twiml.Urls(action=f"{base}/twilio/voice/step?seq={seq}",
                      recording_callback=f"{base}/twilio/voice/recording",
                      hold=f"{base}/twilio/voice/hold")


def answer(rt: Runtime, connection: Connection, caller: Caller, base: str,
           now: datetime) -> str:
    """The first webhook of a call: start the flow (in the caller's former language)."""
    call = calls.lock(connection, caller.call_sid)
    if call is not None and call.last_twiml:
        return call.last_twiml  # a repeated delivery of the first webhook
    remembered = calls.remembered_language(connection, caller.from_number)
    if call is None:
        call = calls.start(connection, caller.call_sid, caller.from_number, caller.to_number,
                           rt.hotline.id, now)
        if call.last_twiml:
            return call.last_twiml  # a concurrent first delivery got there first
    log.info("incoming call=%s from=%s language=%s", caller.call_sid,
             mask_msisdn(caller.from_number), remembered or "-")
    return _turn(rt, connection, call, CallState(), Start(remembered), base, now)


def step(rt: Runtime, connection: Connection, call_sid: str, seq: str, event: Event,
         base: str, now: datetime) -> str | None:
    """A later webhook of the call, answering turn `seq`; None when the call is unknown. A
    delivery for a turn already answered gets the TwiML that answer saved."""
    call = calls.lock(connection, call_sid)
    if call is None:
        log.warning("step for unknown call=%s", call_sid)
        return None
    if seq != str(call.seq):
        log.info("call=%s repeated step seq=%s (now %s): replaying", call_sid, seq, call.seq)
        return call.last_twiml
    return _turn(rt, connection, call, CallState.from_dict(call.state), event, base, now)


def _turn(rt: Runtime, connection: Connection, call: CallRow, state: CallState, event: Event,
          base: str, now: datetime) -> str:
    turn = advance(rt.hotline, state, event)
    steps = turn.steps
    while turn.action is not None:
        result = _perform(rt, connection, call, turn.action, turn.state.language, now)
        turn = advance(rt.hotline, turn.state, result)
        steps += turn.steps
    xml = rt.twiml_cache.render(steps, urls(base, turn.state.seq), rt.settings, rt.prompt_url)
    calls.save(connection, call, now, state=turn.state.to_dict(), last_twiml=xml)
    log.info("call=%s node=%s seq=%s event=%s", call.call_sid, turn.state.node, turn.state.seq,
             type(event).__name__)
    return xml


def _perform(rt: Runtime, connection: Connection, call: CallRow, action: Action,
             language: str, now: datetime) -> Event:
    """Carry out what the engine asked for; its result is the next event."""
    if isinstance(action, SubmitReport):
        filed = _file(rt, connection, call, dict(action.answers), language, ReportStatus.NEW, now)
        return Submitted(filed)
    if isinstance(action, LookupStatus):
        found = changes.find(connection, ticket=action.ticket, lock=False)
        if found is None:
            return StatusFound(False)
        agency = rt.catalog.agencies.get(found.agency_code or "")
        return StatusFound(True, found.status, agency.spoken_name if agency else "")
    raise TypeError(f"unknown action {action!r}")


def _file(rt: Runtime, connection: Connection, call: CallRow, answers: dict[str, str],
          language: str, status: ReportStatus, now: datetime) -> str:
    """File the caller's report with its recording; returns the ticket the caller follows."""
    filed = file_report(connection, rt.catalog, NewReport(
        channel="voice", reporter=call.from_number, language=language,
        category_code=answers.get("category"),
        area_code=answers.get("area") or answers.get("kecamatan"),
        text="Pesan suara untuk petugas" if answers.get("via") == "voicemail" else "",
        call_sid=call.call_sid, status=status,
    ), now=now, ticket_factory=rt.ticket_factory,
        duplicate_window=rt.duplicate_window if status == ReportStatus.NEW else timedelta(0),
        notify=status == ReportStatus.NEW)
    if not filed.existing:
        recordings.link_call(connection, call.call_sid, filed.id)
        if answers.get("description_sid"):
            recordings.store(connection, call.call_sid,
                             RecordingRef(answers["description_sid"],
                                          answers.get("description", "")),
                             None, now, filed.id)
    calls.save(connection, call, now, report_id=filed.id)
    return filed.public_ticket


def ended(rt: Runtime, connection: Connection, call_sid: str, status: str,
          now: datetime) -> None:
    """The call's status changed; a caller who hung up mid-report leaves what they told us as
    an `abandoned` report rather than nothing."""
    call = calls.lock(connection, call_sid)
    if call is None or not status:
        return
    calls.save(connection, call, now, status=status[:16])
    state = CallState.from_dict(call.state)
    useful = any(state.answers.get(k) for k in ("category", "description", "area", "kecamatan"))
    if status in ENDED and call.report_id is None and useful:
        ticket = _file(rt, connection, call, dict(state.answers), state.language,
                       ReportStatus.ABANDONED, now)
        log.info("call=%s ended mid-report: abandoned report %s", call_sid, ticket)


def recorded(connection: Connection, call_sid: str, ref: RecordingRef, status: str | None,
             now: datetime) -> None:
    """The recording status callback: keep the recording, and download it once complete."""
    recordings.store(connection, call_sid, ref, status, now)
    if status == "completed":
        recordings.queue_download(connection, ref.sid, now)
    log.info("recording %s call=%s status=%s", ref.sid, call_sid, status)


def hold_music(rt: Runtime, connection: Connection, call_sid: str, waited: int,
               position: int) -> str:
    """What a caller hears while waiting for an operator; leaves the queue after the wait."""
    state = CallState.from_dict(calls.state_of(connection, call_sid))
    node = rt.hotline.nodes.get(state.node)
    if not isinstance(node, HandoffNode) or waited >= node.max_wait_seconds:
        return twiml.leave_queue()
    texts = [rt.hotline.text(state.language, node.hold_position_prompt,
                             position=str(max(position, 1))),
             rt.hotline.text(state.language, node.hold_prompt)]
    return twiml.hold(texts, state.language, rt.settings)

