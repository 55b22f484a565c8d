"""The hotline as a service: what each voice webhook does, given its call and its event.

The provider view turns its fields into these arguments; the same functions replay a spooled
request after a database outage. Each opens its own short transaction. A step advances the flow
engine once per event: a plain turn is saved with one guarded UPDATE (`gateway.store.calls`);
a turn that asks for an action (file a report, look one up) is carried out with the call's row
locked, its results fed back to the engine, then rendered and saved in the same transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from gateway.reports import changes
from gateway.reports.filing import NewReport, file_report
from gateway.reports.lifecycle import ReportStatus
from gateway.runtime import Runtime
from gateway.store import calls, recordings
from gateway.store.calls import CallRow
from gateway.store.database import Connection
from gateway.store.recordings import RecordingRef
from gateway.voice import farming_turns, twiml
from gateway.voice.twiml import RenderCache
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
    Turn,
)
from sms.numbers import mask_msisdn

log = logging.getLogger(__name__)
ENDED = {"completed", "busy", "failed", "no-answer", "canceled"}
# Rendered TwiML, per runtime: a runtime with other settings renders afresh.
_RENDERED: WeakKeyDictionary[Runtime, RenderCache] = WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling, as the provider says."""

    call_sid: str
    from_number: str | None = None
    to_number: str | None = None


def urls(base: str, seq: int) -> twiml.Urls:
    """Where the caller's next input, recordings and queue music go, under `base` (the
    gateway's public address)."""
    return twiml.Urls(base=base, action=f"{base}/twilio/voice/step?seq={seq}",
                      recording_callback=f"{base}/twilio/voice/recording",
                      hold=f"{base}/twilio/voice/hold")


def answer(rt: Runtime, caller: Caller, base: str, now: datetime) -> str:
    """The first webhook of a call: start the flow (in the caller's former language)."""
    with rt.db.transaction() as connection:
        return _answer(rt, connection, caller, base, now)


def _answer(rt: Runtime, connection: Connection, caller: Caller, base: str,
            now: datetime) -> str:
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
    return _finish(rt, connection, call, advance(rt.hotline, CallState(), Start(remembered)),
                   base, now)


def step(rt: Runtime, call_sid: str, seq: str, event: Event, base: str,
         now: datetime) -> str | None:
    """A later webhook of the call, answering turn `seq`; None when the call is unknown. A
    delivery for a turn already answered gets the TwiML that answer saved."""
    with rt.db.autocommit() as connection:
        call = calls.read(connection, call_sid)
        if call is None:
            log.warning("step for unknown call=%s", call_sid)
            return None
        if seq != str(call.seq):
            return _replay(call, seq)
        state = CallState.from_dict(call.state)
        turn = advance(rt.hotline, state, event)
        if turn.action is None:
            xml = _render(rt, turn, base)
            if calls.advance(connection, call, state.seq, turn.state.to_dict(), xml, now):
                _log(call, turn, event)
                return xml
            # A repeated delivery of this webhook answered first: say what it said.
            return _replay(calls.read(connection, call_sid) or call, seq)
    # This turn files a report or looks one up: once, with the call row locked. If a repeated
    # delivery moved the call on meanwhile, its answer stands; else the state is the one read.
    with rt.db.transaction() as connection:
        locked = calls.lock(connection, call_sid)
        if locked is None or locked.seq != state.seq:
            return _replay(locked or call, seq)
        return _finish(rt, connection, locked, turn, base, now, event)


def _replay(call: CallRow, seq: str) -> str:
    log.info("call=%s repeated step seq=%s (now %s): replaying", call.call_sid, seq, call.seq)
    return call.last_twiml


def _finish(rt: Runtime, connection: Connection, call: CallRow, turn: Turn, base: str,
            now: datetime, event: Event | None = None) -> str:
    """Carry out the actions `turn` asks for, feeding each result back to the engine, then
    render what the caller hears and save the turn."""
    steps = turn.steps
    while turn.action is not None:
        result = _perform(rt, connection, call, turn.action, turn.state.language, now)
        turn = advance(rt.hotline, turn.state, result)
        steps += turn.steps
    turn = Turn(turn.state, steps)
    xml = _render(rt, turn, base)
    calls.save_turn(connection, call, turn.state.to_dict(), xml, now)
    _log(call, turn, event or Start())
    return xml


def _render(rt: Runtime, turn: Turn, base: str) -> str:
    cache = _RENDERED.get(rt)
    if cache is None:
        cache = _RENDERED[rt] = RenderCache()
    return cache.render(turn.steps, urls(base, turn.state.seq), rt.settings, rt.prompt_url)


def _log(call: CallRow, turn: Turn, event: Event) -> None:
    log.info("call=%s node=%s seq=%s event=%s", call.call_sid, turn.state.node, turn.state.seq,
             type(event).__name__)


def _perform(rt: Runtime, connection: Connection, call: CallRow, action: Action,
             language: str, now: datetime) -> Event:
    """Carry out what the engine asked for; its result is the next event."""
    if isinstance(action, SubmitReport) and action.answers.get("kind") == "question":
        return Submitted(farming_turns.ask(rt, connection, call, dict(action.answers), language,
                                           now))
    if isinstance(action, SubmitReport):
        filed = _file(rt, connection, call, dict(action.answers), language, ReportStatus.NEW, now)
        return Submitted(filed)
    if isinstance(action, LookupStatus):
        found = changes.find(connection, ticket=action.ticket, lock=False)
        if found is None:
            return StatusFound(False)
        if found.kind == "question":
            return farming_turns.question_status(connection, found.id, found.status,
                                                 found.agency_code or "")
        return StatusFound(True, found.status, found.agency_code or "")
    return farming_turns.perform(rt, connection, call, action, language, now)


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


def ended(rt: Runtime, call_sid: str, status: str, now: datetime) -> None:
    """The call's status changed; a caller who hung up mid-report leaves what they told us as
    an `abandoned` report rather than nothing."""
    with rt.db.transaction() as connection:
        _ended(rt, connection, call_sid, status, now)


def _ended(rt: Runtime, connection: Connection, call_sid: str, status: str,
           now: datetime) -> None:
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


def recorded(rt: Runtime, call_sid: str, ref: RecordingRef, status: str | None,
             now: datetime) -> None:
    """The recording status callback: keep the recording, and download it once complete."""
    with rt.db.transaction() as connection:
        recordings.store(connection, call_sid, ref, status, now)
        if status == "completed":
            recordings.queue_download(connection, ref.sid, now)
    log.info("recording %s call=%s status=%s", ref.sid, call_sid, status)


def hold_music(rt: Runtime, call_sid: str, waited: int, position: int) -> str:
    """What a caller hears while waiting for an operator; leaves the queue after the wait."""
    with rt.db.reading() as connection:
        state = CallState.from_dict(calls.state_of(connection, call_sid))
    node = rt.hotline.nodes.get(state.node)
    if not isinstance(node, HandoffNode) or waited >= node.max_wait_seconds:
        return twiml.leave_queue()
    return twiml.hold(node.hold_texts(rt.hotline, state.language, position), state.language,
                      rt.settings)

