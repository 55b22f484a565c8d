"""Kannel webhooks: messages from handsets through Kannel's smsbox, and delivery reports.

smsbox calls these with the values its sms-service or sendsms dlr-url put in the query
(see config/kannel/): `from` (%p), `to` (%P), `text` (%a, UTF-8 with mo-recode), `id` (%I,
Kannel's message id), and for reports `ref` (our message id) and `type` (%d). Requests are
accepted only with the shared secret KANNEL_SECRET and from an address in KANNEL_ALLOWED_IPS;
anything else gets 403 and a log line. The answer body is empty, so smsbox sends no reply of
its own (omit-empty): replies go through the outbox.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from flask import Blueprint, abort, request

from gateway.runtime import db_session, runtime
from gateway.store import models
from gateway.texting.intake import IncomingMessage, receive, store_unprocessed
from sms.numbers import normalize_msisdn

log = logging.getLogger(__name__)
bp = Blueprint("kannel", __name__, url_prefix="/kannel")

# Kannel's DLR types (dlr-mask bits) and the message status each means here.
DLR_STATUS = {"1": "delivered", "2": "undelivered", "4": "queued", "8": "sent", "16": "failed"}


def _value(name: str) -> str:
    return request.values.get(name, "")


@bp.before_request
def authenticate() -> None:
    settings = runtime().settings
    secret = settings.KANNEL_SECRET.get_secret_value()
    given = _value("secret")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        log.warning("kannel request refused: wrong or missing secret, %s %s from %s",
                    request.method, request.path, request.remote_addr)
        abort(403)
    if not settings.kannel_allows(request.remote_addr):
        log.warning("kannel request refused: %s is not in KANNEL_ALLOWED_IPS", request.remote_addr)
        abort(403)


def incoming_from_kannel() -> IncomingMessage:
    return IncomingMessage(
        provider="kannel", provider_id=_value("id"), channel="sms",
        sender=normalize_msisdn(_value("from")), recipient=normalize_msisdn(_value("to")) or None,
        body=_value("text"),
    )


@bp.errorhandler(Exception)
def keep_and_acknowledge(exc: Exception) -> Any:
    if hasattr(exc, "code") and hasattr(exc, "get_response"):
        return exc  # HTTP errors such as the 403 above
    log.exception("kannel webhook failed id=%s", _value("id"))
    db_session().rollback()
    store_unprocessed(runtime().db, incoming_from_kannel(), runtime().clock())
    return "", 200


@bp.route("/incoming", methods=["GET", "POST"])
def incoming_message() -> tuple[str, int]:
    rt = runtime()
    receive(db_session(), rt.catalog, rt.rules, incoming_from_kannel(), rt.clock(),
            rt.ticket_factory)
    db_session().commit()
    return "", 200


@bp.route("/dlr", methods=["GET", "POST"])
def delivery_report() -> tuple[str, int]:
    reference, status = _value("ref"), DLR_STATUS.get(_value("type"), "")
    message = db_session().get(models.Message, int(reference)) if reference.isdigit() else None
    if message is None or message.provider != "kannel" or not status:
        log.info("kannel dlr ignored: ref=%s type=%s", reference, _value("type"))
        return "", 200
    # A later "queued" or "sent" must not undo "delivered": keep the furthest state.
    order = ["sending", "queued", "sent", "undelivered", "failed", "delivered"]
    if order.index(status) >= order.index(message.status if message.status in order else "sending"):
        message.status = status
        message.updated_at = runtime().clock()
        db_session().commit()
    return "", 200
