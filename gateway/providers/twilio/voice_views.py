"""Twilio voice webhooks: the hotline call, its steps, hold music, call and recording status.

Each step's URL carries `seq`, the turn it answers; a request for an older turn is a repeated
delivery and gets the TwiML already sent, so a caller never advances twice. A caller always gets
valid TwiML: when the database is down the request is spooled (its events are carried out once
the database is back, so a partial report is still filed) and the caller hears an apology;
any other failure is answered with the same apology, never an error page.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

from gateway.providers.keeping import delivery, keep
from gateway.providers.twilio import callbacks
from gateway.providers.twilio.signatures import twilio_signed
from gateway.request_scope import runtime
from gateway.voice import twiml

log = logging.getLogger(__name__)
bp = Blueprint("voice", __name__, url_prefix="/twilio/voice")


def _twiml(xml: str) -> Response:
    return Response(xml, mimetype="text/xml")


def _apology() -> Response:
    rt = runtime()
    base = rt.settings.public_url(request.script_root, request.host_url)
    return _twiml(twiml.apology(rt.settings, base, rt.prompt_url))


@bp.errorhandler(Exception)
def apologise(exc: Exception) -> Any:
    """Any failure during a call: the caller hears the apology TwiML, never an error page."""
    if isinstance(exc, HTTPException):
        return exc
    log.exception("voice webhook failed path=%s", request.path)
    return _apology()


@bp.post("")
@twilio_signed
def incoming_call() -> Response:
    """A new call to the hotline."""
    rt = runtime()
    xml = keep(rt, callbacks.CALL)
    return _twiml(xml) if xml else _apology()


@bp.post("/step")
@twilio_signed
def step() -> Response:
    """The caller's answer to the last turn."""
    rt = runtime()
    xml = keep(rt, callbacks.CALL_STEP)
    return _twiml(xml) if xml else _apology()


@bp.post("/hold")
@twilio_signed
def hold() -> Response:
    """What a caller hears while waiting for an operator (nothing to keep: it changes nothing)."""
    rt = runtime()
    return _twiml(callbacks.hold_music(rt, delivery("twilio.voice.hold", rt)))


@bp.post("/status")
@twilio_signed
def call_status() -> tuple[str, int]:
    """Twilio's status callback of a call."""
    rt = runtime()
    keep(rt, callbacks.CALL_STATUS)
    return "", 204


@bp.post("/recording")
@twilio_signed
def recording_status() -> tuple[str, int]:
    """Twilio's callback when a recording is ready."""
    rt = runtime()
    keep(rt, callbacks.RECORDING)
    return "", 204
