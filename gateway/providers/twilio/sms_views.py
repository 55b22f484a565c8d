"""Twilio messaging webhooks: incoming SMS and WhatsApp, and delivery status.

Twilio's fields used here (form-encoded POST):
    MessageSid, From, To, Body          every incoming message ("whatsapp:+62..." on WhatsApp)
    NumMedia, MediaUrlN,
    MediaContentTypeN                   attachments (photos are kept; other media are declined)
    MessageStatus, ErrorCode            delivery status callback of an outgoing message

The answer is an empty <Response/>: replies go through the outbox, written in the same
transaction as the message's effects, and the worker sends them.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, request
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from gateway.providers.twilio.auth import twilio_signed
from gateway.runtime import db_session, runtime
from gateway.store import models
from gateway.texting.intake import IncomingMessage, receive, store_unprocessed
from sms.numbers import parse_address

log = logging.getLogger(__name__)
bp = Blueprint("twilio_sms", __name__, url_prefix="/twilio/sms")
EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response />'
MAX_MEDIA = 10


def _empty() -> Response:
    return Response(EMPTY, mimetype="text/xml")


def incoming_from_twilio(form: Any) -> IncomingMessage:
    """One domain message from Twilio's fields."""
    sender = parse_address(form.get("From"), "sms")
    recipient = parse_address(form.get("To"), sender.channel)
    count = int(form.get("NumMedia", "0")) if form.get("NumMedia", "0").isdigit() else 0
    media = []
    unsupported = 0
    for index in range(min(count, MAX_MEDIA)):
        kind = form.get(f"MediaContentType{index}", "")
        url = form.get(f"MediaUrl{index}", "")
        if kind.startswith("image/") and url:
            media.append(url)
        else:
            unsupported += 1
    return IncomingMessage(
        provider="twilio", provider_id=form.get("MessageSid", ""), channel=sender.channel,
        sender=sender.number, recipient=recipient.number, body=form.get("Body", ""),
        media=tuple(media), unsupported_media=unsupported,
    )


@bp.errorhandler(Exception)
def keep_and_acknowledge(exc: Exception) -> Any:
    """Never an error page to the provider: keep the message for an operator and say OK."""
    if isinstance(exc, HTTPException):
        return exc
    log.exception("sms webhook failed message=%s", request.form.get("MessageSid"))
    db_session().rollback()
    store_unprocessed(runtime().db, incoming_from_twilio(request.form), runtime().clock())
    return _empty()


@bp.post("")
@twilio_signed
def incoming_message() -> Response:
    rt = runtime()
    receive(db_session(), rt.catalog, rt.rules, incoming_from_twilio(request.form), rt.clock(),
            rt.ticket_factory)
    db_session().commit()
    return _empty()


STATUSES = {"accepted", "queued", "sending", "sent", "delivered", "undelivered", "failed",
            "read", "receiving", "received"}


@bp.post("/status")
@twilio_signed
def message_status() -> tuple[str, int]:
    sid, status = request.form.get("MessageSid", ""), request.form.get("MessageStatus", "")
    message = db_session().scalar(select(models.Message).where(
        models.Message.provider == "twilio", models.Message.provider_id == sid))
    if message is not None and status in STATUSES:
        message.status = status
        message.error_code = request.form.get("ErrorCode") or None
        message.updated_at = runtime().clock()
        db_session().commit()
    return "", 204
