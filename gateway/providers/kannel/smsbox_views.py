"""Kannel webhooks: messages from handsets through Kannel's smsbox, and delivery reports.

Requests are accepted only with the shared secret KANNEL_SECRET and from an address in
KANNEL_ALLOWED_IPS (the client's own address when the gateway runs behind a proxy named in
TRUSTED_PROXIES); anything else gets 403 and a log line. The answer body is empty, so smsbox
sends no reply of its own (omit-empty): replies go through the outbox. A request is answered
200 only once it is kept; else 503, and smsbox retries (`http-request-retry`).
"""

from __future__ import annotations

import hmac
import logging

from flask import Blueprint, abort, request

from gateway.providers.kannel import smsbox_requests
from gateway.providers.keeping import keep
from gateway.providers.spool import SpoolError
from gateway.request_scope import runtime

log = logging.getLogger(__name__)
bp = Blueprint("kannel", __name__, url_prefix="/kannel")


@bp.before_request
def authenticate() -> None:
    """Refuse (403, logged) a request without the shared secret or from an address not allowed."""
    settings = runtime().settings
    secret = settings.KANNEL_SECRET.get_secret_value()
    given = request.values.get("secret", "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        log.warning("kannel request refused: wrong or missing secret, %s %s from %s",
                    request.method, request.path, request.remote_addr)
        abort(403)
    if not settings.kannel_allows(request.remote_addr):
        log.warning("kannel request refused: %s is not in KANNEL_ALLOWED_IPS", request.remote_addr)
        abort(403)


@bp.errorhandler(SpoolError)
def not_kept(_exc: SpoolError) -> tuple[str, int]:
    """503 when a request could be neither stored nor spooled: smsbox tries again."""
    return "", 503


@bp.route("/incoming", methods=["GET", "POST"])
def incoming_message() -> tuple[str, int]:
    """A text from a handset; the reply goes out through the outbox."""
    rt = runtime()
    keep(rt, smsbox_requests.INCOMING)
    return "", 200


@bp.route("/dlr", methods=["GET", "POST"])
def delivery_report() -> tuple[str, int]:
    """A delivery report of a text the gateway sent."""
    rt = runtime()
    keep(rt, smsbox_requests.DLR)
    return "", 200
