"""`GET /healthz`: 200 when the database answers, 503 when it does not (for probes and proxies)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint

from gateway.request_scope import runtime

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, Any], int]:
    """200 when the database answers, 503 with the reason when it does not."""
    problem = runtime().db.problem()
    if problem:
        log.error("health check: database unreachable: %s", problem)
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
