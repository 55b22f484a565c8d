"""Twilio webhook authentication: every `/twilio/*` view is wrapped in `twilio_signed`.

The signature covers the exact URL Twilio requested. Behind a TLS-terminating proxy Flask sees
another scheme and host, so the URL is rebuilt on PUBLIC_BASE_URL when it is set. When it is not
set, the URL would come from the request's own Host header, which a client chooses: signed
requests are then accepted only when that Host is this machine's loopback (development, tests).
"""

from __future__ import annotations

import functools
import hmac
import logging
from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import abort, request
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)

from gateway.request_scope import runtime

log = logging.getLogger(__name__)
View = TypeVar("View", bound=Callable[..., Any])


def signed_url() -> str:
    """The URL Twilio signed for the current request."""
    query = request.query_string.decode("latin-1")
    path = request.script_root + request.path + (f"?{query}" if query else "")
    return runtime().settings.public_url(path, request.host_url)


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def host_is_trusted() -> bool:
    """With PUBLIC_BASE_URL set any Host is fine (it is not used); without, only loopback."""
    return bool(runtime().settings.PUBLIC_BASE_URL) or is_loopback(request.host)


@functools.lru_cache(maxsize=64)
def is_loopback(host: str) -> bool:
    """Whether a Host header names this machine's loopback."""
    try:
        hostname = urlsplit(f"//{host}").hostname or ""
    except ValueError:
        return False
    return hostname.lower() in LOOPBACK_HOSTS


def signature_is_valid() -> bool:
    """Whether the current request carries Twilio's valid signature for its URL."""
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not signature:
        return False
    token = runtime().settings.TWILIO_AUTH_TOKEN.get_secret_value()
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    validator, url = RequestValidator(token), signed_url()
    # The URL as requested is what Twilio signs nearly always: one HMAC instead of the two
    # `validate` computes (with and without the port), a fifth of a plain IVR step's CPU.
    try:
        expected = validator.compute_signature(url, request.form, algorithm)
        if hmac.compare_digest(expected.encode(), signature.encode()):
            return True
    except ValueError:
        pass  # an algorithm this twilio does not know: `validate` logs it and refuses
    return bool(validator.validate(url, request.form, signature, algorithm))


def twilio_signed(view: View) -> View:
    """Refuse with 403, and log, any request without a valid X-Twilio-Signature."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        request.get_data(cache=True)  # kept raw for the spool before the form is parsed
        if not host_is_trusted():
            log.warning("twilio request refused: PUBLIC_BASE_URL is not set and Host %r is not "
                        "loopback; set PUBLIC_BASE_URL to the address Twilio calls",
                        request.host[:100])
            abort(403)
        if not signature_is_valid():
            reason = "missing" if SIGNATURE_HEADER not in request.headers else "wrong"
            log.warning(
                "twilio signature %s: refused %s %s from %s (checked against %s)",
                reason, request.method, request.path, request.remote_addr, signed_url(),
            )
            abort(403)
        return view(*args, **kwargs)

    return cast(View, wrapper)
