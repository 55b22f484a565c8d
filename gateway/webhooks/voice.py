"""Twilio voice webhooks: the hotline call, its steps, call status and recording status.

Twilio's fields used here (form-encoded POST):
    CallSid, From, To, CallStatus           every request
    Digits                                  after <Gather>
    RecordingUrl, RecordingSid,
    RecordingDuration                       after <Record>, and in the recording status callback
    RecordingStatus                         recording status callback ("completed", "failed", ...)

Each step's URL carries `seq`, the turn it answers; a request for an older turn is a repeated
delivery and gets the TwiML already sent, so a caller never advances twice. A caller always gets
valid TwiML: any failure is answered with a spoken apology, never an error page.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, request, url_for
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from gateway import models
from gateway.runtime import Runtime, db_session, runtime
from gateway.services import NewReport, RecordingRef, store_recording, submit_report
from gateway.twilio_auth import twilio_signed
from gateway.webhooks import twiml
from ivr_flows.hotline import advance
from ivr_flows.steps import (
    CallState,
    Digits,
    Event,
    NoInput,
    Recorded,
    Start,
    SubmitReport,
    Submitted,
    Turn,
)
from sms.numbers import mask_msisdn, normalize_msisdn

log = logging.getLogger(__name__)
bp = Blueprint("voice", __name__, url_prefix="/twilio/voice")


def _twiml(xml: str) -> Response:
    return Response(xml, mimetype="text/xml")


@bp.errorhandler(Exception)
def apologise(exc: Exception) -> Any:
    if isinstance(exc, HTTPException):
        return exc
    log.exception("voice webhook failed call=%s path=%s", request.form.get("CallSid"), request.path)
    return _twiml(twiml.apology(runtime().settings.SAY_VOICE))


def _lock_call(call_sid: str) -> models.Call | None:
    # FOR UPDATE serialises two deliveries for the same call on PostgreSQL; SQLite's
    # BEGIN IMMEDIATE already does.
    return db_session().scalar(
        select(models.Call).where(models.Call.call_sid == call_sid).with_for_update()
    )


def _event() -> Event:
    form = request.form
    if form.get("RecordingUrl") and form.get("RecordingSid"):
        duration = form.get("RecordingDuration", "0")
        return Recorded(form["RecordingUrl"], form["RecordingSid"],
                        int(duration) if duration.isdigit() else 0)
    digits = form.get("Digits", "").strip()
    if digits and request.args.get("noinput") != "1":
        return Digits(digits)
    return NoInput()


def _perform(rt: Runtime, call: models.Call, turn: Turn) -> Turn:
    """Carry out the action the engine asked for, then let it go on."""
    if not isinstance(turn.action, SubmitReport):
        return turn
    answers = turn.action.answers
    recording = None
    if answers.get("recording_sid"):
        recording = RecordingRef(answers["recording_sid"], answers.get("recording_url", ""))
    report = submit_report(
        db_session(), rt.catalog,
        NewReport(channel="voice", reporter=call.from_number, language=turn.state.language,
                  category_code=answers.get("category"), call_sid=call.call_sid,
                  recording=recording),
        now=rt.clock(), ticket_factory=rt.ticket_factory,
    )
    call.report_id = report.id
    after = advance(rt.hotline, turn.state, Submitted(report.ticket))
    return Turn(after.state, turn.steps + after.steps, after.action)


def _respond(rt: Runtime, call: models.Call, state: CallState, event: Event) -> Response:
    turn = _perform(rt, call, advance(rt.hotline, state, event))
    xml = twiml.render(
        turn.steps,
        action_url=url_for("voice.step", seq=turn.state.seq),
        recording_callback_url=url_for("voice.recording_status"),
        voice=rt.settings.SAY_VOICE,
    )
    call.state = turn.state.to_dict()
    call.last_twiml = xml
    call.updated_at = rt.clock()
    db_session().commit()
    log.info("call=%s node=%s seq=%s event=%s", call.call_sid, turn.state.node,
             turn.state.seq, type(event).__name__)
    return _twiml(xml)


@bp.post("")
@twilio_signed
def incoming_call() -> Response:
    rt = runtime()
    call_sid = request.form.get("CallSid", "")
    if not call_sid:
        return _twiml(twiml.apology(rt.settings.SAY_VOICE))
    call = _lock_call(call_sid)
    if call is not None and call.last_twiml:
        return _twiml(call.last_twiml)  # repeated delivery of the first webhook
    if call is None:
        call = models.Call(
            call_sid=call_sid,
            from_number=normalize_msisdn(request.form.get("From")),
            to_number=normalize_msisdn(request.form.get("To")),
            started_at=rt.clock(), updated_at=rt.clock(),
        )
        db_session().add(call)
    log.info("incoming call=%s from=%s", call_sid, mask_msisdn(call.from_number))
    return _respond(rt, call, CallState(), Start())


@bp.post("/step")
@twilio_signed
def step() -> Response:
    rt = runtime()
    call = _lock_call(request.form.get("CallSid", ""))
    if call is None:
        log.warning("step for unknown call=%s", request.form.get("CallSid"))
        return _twiml(twiml.apology(rt.settings.SAY_VOICE))
    state = CallState.from_dict(call.state)
    seq = request.args.get("seq", "")
    if seq != str(state.seq):
        log.info("call=%s repeated step seq=%s (now %s): replaying", call.call_sid, seq, state.seq)
        return _twiml(call.last_twiml)
    return _respond(rt, call, state, _event())


@bp.post("/status")
@twilio_signed
def call_status() -> tuple[str, int]:
    call = _lock_call(request.form.get("CallSid", ""))
    status = request.form.get("CallStatus", "")
    if call is not None and status:
        call.status = status[:16]
        call.updated_at = runtime().clock()
        db_session().commit()
    return "", 204


@bp.post("/recording")
@twilio_signed
def recording_status() -> tuple[str, int]:
    form = request.form
    if not form.get("RecordingSid"):
        return "", 204
    duration = form.get("RecordingDuration", "")
    store_recording(
        db_session(), form.get("CallSid", ""),
        RecordingRef(form["RecordingSid"], form.get("RecordingUrl", ""),
                     int(duration) if duration.isdigit() else None),
        status=form.get("RecordingStatus", "")[:16] or None, now=runtime().clock(),
    )
    db_session().commit()
    log.info("recording %s call=%s status=%s", form["RecordingSid"], form.get("CallSid"),
             form.get("RecordingStatus"))
    return "", 204
