"""Twilio voice webhooks: the hotline call, its steps, hold music, call and recording status.

Twilio's fields used here (form-encoded POST):
    CallSid, From, To, CallStatus           every request
    Digits                                  after <Gather> (keypad)
    SpeechResult, Confidence                after <Gather input="dtmf speech">
    RecordingUrl, RecordingSid,
    RecordingDuration                       after <Record>, and in the recording status callback
    RecordingStatus                         recording status callback ("completed", "failed", ...)
    QueueResult / DialCallStatus            after <Enqueue> / <Dial> (the operator hand-off)
    QueuePosition, QueueTime                while waiting in the queue (waitUrl)

Each step's URL carries `seq`, the turn it answers; a request for an older turn is a repeated
delivery and gets the TwiML already sent, so a caller never advances twice. A caller always gets
valid TwiML: any failure is answered with a spoken apology, never an error page.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, request, url_for
from sqlalchemy import insert, select
from werkzeug.exceptions import HTTPException

from gateway.providers.twilio.auth import twilio_signed
from gateway.reports.services import (
    NewReport,
    RecordingRef,
    lookup_status,
    queue_recording_download,
    store_recording,
    submit_report,
)
from gateway.runtime import Runtime, db_session, runtime
from gateway.store import models
from gateway.voice import calls as call_rows
from gateway.voice import twiml
from gateway.voice.calls import CallRow
from ivr_flows.engine import advance
from ivr_flows.nodes import HandoffNode
from ivr_flows.steps import (
    Action,
    CallState,
    Digits,
    Event,
    HandoffEnded,
    LookupStatus,
    NoInput,
    Recorded,
    Speech,
    Start,
    StatusFound,
    SubmitReport,
    Submitted,
    Turn,
)
from sms.numbers import mask_msisdn, normalize_msisdn

log = logging.getLogger(__name__)
bp = Blueprint("voice", __name__, url_prefix="/twilio/voice")
ANSWERED = {"bridged", "completed", "answered"}
ENDED = {"completed", "busy", "failed", "no-answer", "canceled"}


def _twiml(xml: str) -> Response:
    return Response(xml, mimetype="text/xml")


@bp.errorhandler(Exception)
def apologise(exc: Exception) -> Any:
    if isinstance(exc, HTTPException):
        return exc
    log.exception("voice webhook failed call=%s path=%s", request.form.get("CallSid"), request.path)
    return _twiml(twiml.apology(runtime().settings.SAY_VOICE))


def _event() -> Event:
    form = request.form
    if request.args.get("handoff") == "1":
        result = form.get("QueueResult") or form.get("DialCallStatus") or ""
        return HandoffEnded(result in ANSWERED)
    if form.get("RecordingUrl") and form.get("RecordingSid"):
        duration = form.get("RecordingDuration", "0")
        return Recorded(form["RecordingUrl"], form["RecordingSid"],
                        int(duration) if duration.isdigit() else 0)
    if request.args.get("noinput") == "1":
        return NoInput()
    digits = form.get("Digits", "").strip()
    if digits:
        return Digits(digits)
    speech = form.get("SpeechResult", "").strip()
    if speech:
        try:
            confidence = float(form.get("Confidence", "0"))
        except ValueError:
            confidence = 0.0
        return Speech(speech, confidence)
    return NoInput()


def _report_from(call: CallRow, answers: dict[str, str], language: str,
                 status: str = "new") -> NewReport:
    recording = None
    if answers.get("description_sid"):
        recording = RecordingRef(answers["description_sid"], answers.get("description", ""))
    return NewReport(
        channel="voice", reporter=call.from_number, language=language,
        category_code=answers.get("category"),
        area_code=answers.get("area") or answers.get("kecamatan"),
        text="Pesan suara untuk petugas" if answers.get("via") == "voicemail" else "",
        call_sid=call.call_sid, recording=recording, status=status,
    )


def _perform(rt: Runtime, call: CallRow, action: Action, language: str) -> Event:
    """Carry out what the engine asked for and return its result as the next event."""
    if isinstance(action, SubmitReport):
        report = submit_report(db_session(), rt.catalog,
                               _report_from(call, dict(action.answers), language),
                               now=rt.clock(), ticket_factory=rt.ticket_factory,
                               duplicate_window=rt.duplicate_window)
        call_rows.save(db_session(), call, rt.clock(), report_id=report.id)
        return Submitted(report.public_ticket)
    if isinstance(action, LookupStatus):
        answer = lookup_status(db_session(), rt.catalog, action.ticket)
        return StatusFound(answer.found, answer.status, answer.agency)
    raise TypeError(f"unknown action {action!r}")


_URLS: dict[tuple[str, int], twiml.Urls] = {}


def _urls(seq: int) -> twiml.Urls:
    """Where the caller's next input goes; url_for costs more than a step's engine, so the
    answer is kept per (mount point, turn)."""
    key = (request.script_root, seq)
    urls = _URLS.get(key)
    if urls is None:
        urls = _URLS[key] = twiml.Urls(
            action=url_for("voice.step", seq=seq),
            recording_callback=url_for("voice.recording_status"),
            hold=url_for("voice.hold"),
        )
    return urls


def _render(rt: Runtime, turn: Turn) -> str:
    return rt.twiml_cache.render(turn.steps, _urls(turn.state.seq), rt.settings, rt.prompt_url)


def _respond(rt: Runtime, call: CallRow, state: CallState, event: Event) -> Response:
    """Answer `event` inside the request's transaction, the call row locked by the caller."""
    turn = advance(rt.hotline, state, event)
    steps = turn.steps
    while turn.action is not None:
        turn = advance(rt.hotline, turn.state,
                       _perform(rt, call, turn.action, turn.state.language))
        steps += turn.steps
    turn = Turn(turn.state, steps)
    xml = _render(rt, turn)
    call_rows.save(db_session(), call, rt.clock(), state=turn.state.to_dict(), last_twiml=xml)
    db_session().commit()
    _log_turn(call.call_sid, turn, event)
    return _twiml(xml)


def _log_turn(call_sid: str, turn: Turn, event: Event) -> None:
    log.info("call=%s node=%s seq=%s event=%s", call_sid, turn.state.node, turn.state.seq,
             type(event).__name__)


def _remembered_language(from_number: str | None) -> str:
    """The language this number chose on its latest earlier call, if any."""
    if not from_number:
        return ""
    states = db_session().scalars(
        select(models.Call.state).where(models.Call.from_number == from_number)
        .order_by(models.Call.started_at.desc(), models.Call.id.desc()).limit(5)
    )
    return next((s["answers"]["language"] for s in states
                 if s and s.get("answers", {}).get("language")), "")


@bp.post("")
@twilio_signed
def incoming_call() -> Response:
    rt = runtime()
    call_sid = request.form.get("CallSid", "")
    if not call_sid:
        return _twiml(twiml.apology(rt.settings.SAY_VOICE))
    call = call_rows.lock(db_session(), call_sid)
    if call is not None and call.last_twiml:
        return _twiml(call.last_twiml)  # repeated delivery of the first webhook
    from_number = normalize_msisdn(request.form.get("From"))
    remembered = _remembered_language(from_number)
    if call is None:
        now = rt.clock()
        new_id = db_session().execute(insert(models.Call).values(
            call_sid=call_sid, from_number=from_number,
            to_number=normalize_msisdn(request.form.get("To")), flow=rt.hotline.id, state={},
            last_twiml="", status="in-progress", started_at=now, updated_at=now,
        ).returning(models.Call.id)).scalar_one()
        call = CallRow(new_id, call_sid, from_number, {}, "", None)
    log.info("incoming call=%s from=%s language=%s", call_sid, mask_msisdn(from_number),
             remembered or "-")
    return _respond(rt, call, CallState(), Start(remembered))


@bp.post("/step")
@twilio_signed
def step() -> Response:
    rt = runtime()
    call_sid = request.form.get("CallSid", "")
    seq = request.args.get("seq", "")
    event = _event()
    with rt.db.autocommit() as connection:
        call = call_rows.read(connection, call_sid)
        if call is None:
            log.warning("step for unknown call=%s", call_sid)
            return _twiml(twiml.apology(rt.settings.SAY_VOICE))
        state = CallState.from_dict(call.state)
        if seq != str(state.seq):
            return _replay(call)
        turn = advance(rt.hotline, state, event)
        if turn.action is None:
            xml = _render(rt, turn)
            if call_rows.advance(connection, call, state.seq, turn.state.to_dict(), xml,
                                 rt.clock()):
                _log_turn(call_sid, turn, event)
                return _twiml(xml)
            # A repeated delivery of this webhook answered first: say what it said.
            call = call_rows.read(connection, call_sid) or call
            return _replay(call)
    # This turn files a report or looks one up: do it once, with the call row locked.
    # `lock` re-reads the row: if a repeated delivery moved the call on since, its answer stands;
    # otherwise the state is the one just read (every save moves seq on).
    locked = call_rows.lock(db_session(), call_sid)
    if locked is None or locked.state.get("seq") != state.seq:
        return _replay(locked or call)
    return _respond(rt, locked, state, event)


def _replay(call: CallRow) -> Response:
    log.info("call=%s repeated step seq=%s (now %s): replaying", call.call_sid,
             request.args.get("seq"), call.state.get("seq"))
    return _twiml(call.last_twiml)


@bp.post("/hold")
@twilio_signed
def hold() -> Response:
    """What a caller hears while waiting for an operator; leaves the queue after the wait."""
    rt = runtime()
    state_json = db_session().scalar(
        select(models.Call.state).where(models.Call.call_sid == request.form.get("CallSid", ""))
    )
    state = CallState.from_dict(state_json or {})
    node = rt.hotline.nodes.get(state.node)
    if not isinstance(node, HandoffNode):
        return _twiml(twiml.leave_queue())
    waited = request.form.get("QueueTime", "0")
    if (int(waited) if waited.isdigit() else 0) >= node.max_wait_seconds:
        return _twiml(twiml.leave_queue())
    position = request.form.get("QueuePosition", "1")
    texts = [rt.hotline.text(state.language, node.hold_position_prompt,
                             position=position if position.isdigit() else "1"),
             rt.hotline.text(state.language, node.hold_prompt)]
    return _twiml(twiml.hold(texts, state.language, rt.settings))


@bp.post("/status")
@twilio_signed
def call_status() -> tuple[str, int]:
    rt = runtime()
    call = call_rows.lock(db_session(), request.form.get("CallSid", ""))
    status = request.form.get("CallStatus", "")
    if call is None or not status:
        return "", 204
    call_rows.save(db_session(), call, rt.clock(), status=status[:16])
    state = CallState.from_dict(call.state)
    useful = any(state.answers.get(k) for k in ("category", "description", "area", "kecamatan"))
    if status in ENDED and call.report_id is None and useful:
        # The caller hung up mid-report: keep what they told us rather than lose it.
        report = submit_report(
            db_session(), rt.catalog,
            _report_from(call, dict(state.answers), state.language, status="abandoned"),
            now=rt.clock(), ticket_factory=rt.ticket_factory,
        )
        call_rows.save(db_session(), call, rt.clock(), report_id=report.id)
        log.info("call=%s ended mid-report: abandoned report %s", call.call_sid, report.ticket)
    db_session().commit()
    return "", 204


@bp.post("/recording")
@twilio_signed
def recording_status() -> tuple[str, int]:
    rt = runtime()
    form = request.form
    if not form.get("RecordingSid"):
        return "", 204
    duration = form.get("RecordingDuration", "")
    status = form.get("RecordingStatus", "")[:16] or None
    recording = store_recording(
        db_session(), form.get("CallSid", ""),
        RecordingRef(form["RecordingSid"], form.get("RecordingUrl", ""),
                     int(duration) if duration.isdigit() else None),
        status=status, now=rt.clock(),
    )
    if status == "completed":
        queue_recording_download(db_session(), recording, rt.clock())
    db_session().commit()
    log.info("recording %s call=%s status=%s", form["RecordingSid"], form.get("CallSid"), status)
    return "", 204
