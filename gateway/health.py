"""`GET /healthz`: 200 when the database answers, 503 when it does not (for probes and proxies)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint
from sqlalchemy.exc import SQLAlchemyError

from gateway.context import runtime

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, Any], int]:
    try:
        runtime().db.ping()
    except SQLAlchemyError as exc:
        log.error("health check: database unreachable: %s", type(exc).__name__)
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
