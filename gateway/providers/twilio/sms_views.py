"""Twilio messaging webhooks: incoming SMS and WhatsApp, and delivery status callbacks.

The answer to a message is an empty <Response/>: replies go through the outbox, written in the
same transaction as the message's effects. A message is answered 200 only once it is kept (see
`gateway.providers.keeping`); when nothing can keep it the answer is 503, so Twilio may use the
number's fallback URL.
"""

from __future__ import annotations

from flask import Blueprint, Response

from gateway.providers.keeping import keep
from gateway.providers.spool import SpoolError
from gateway.providers.twilio import callbacks
from gateway.providers.twilio.signatures import twilio_signed
from gateway.request_scope import runtime

bp = Blueprint("twilio_sms", __name__, url_prefix="/twilio/sms")
EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response />'


@bp.errorhandler(SpoolError)
def not_kept(_exc: SpoolError) -> tuple[str, int]:
    """503 when a message could be neither stored nor spooled: Twilio may use the fallback URL."""
    return "", 503


@bp.post("")
@twilio_signed
def incoming_message() -> Response:
    """An SMS or WhatsApp message; answered with an empty TwiML response once kept."""
    rt = runtime()
    keep(rt, callbacks.SMS)
    return Response(EMPTY, mimetype="text/xml")


@bp.post("/status")
@twilio_signed
def message_status() -> tuple[str, int]:
    """A delivery status callback of a text the gateway sent."""
    rt = runtime()
    keep(rt, callbacks.SMS_STATUS)
    return "", 204
