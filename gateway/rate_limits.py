"""Rate limits with the `limits` library, counted where RATE_LIMIT_STORAGE says (memory for
one process, Redis across gunicorn workers): Open311 keys, the citizens' form per address."""

from __future__ import annotations

from flask import current_app
from limits import RateLimitItem, storage, strategies

from gateway.request_scope import runtime


def allowed(limit: RateLimitItem, *identifiers: str) -> bool:
    """Count one hit for `identifiers`; False once `limit` is reached."""
    if "lapor_limiter" not in current_app.extensions:
        current_app.extensions["lapor_limiter"] = strategies.MovingWindowRateLimiter(
            storage.storage_from_string(runtime().settings.RATE_LIMIT_STORAGE))
    limiter: strategies.MovingWindowRateLimiter = current_app.extensions["lapor_limiter"]
    return limiter.hit(limit, *identifiers)
