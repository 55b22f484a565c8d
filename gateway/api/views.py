"""The JSON API's endpoints. Thin: the bearer token names who is asking (`store.api_tokens`),
the pages' rules say what they may see and do (`operators.actions`), the queue's reads and the
report services do the rest."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, g, jsonify, request

from gateway.api.openapi import MAX_CURSOR, STATUSES, document
from gateway.operators import actions
from gateway.operators.identity import CurrentOperator
from gateway.reports import changes
from gateway.request_scope import db_session, runtime
from gateway.store import api_tokens, models
from gateway.store.api_reads import events_after
from gateway.store.queue import QueueFilter, page
from gateway.store.values import storable
from sms.numbers import mask_msisdn

log = logging.getLogger(__name__)
PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=PREFIX)


def _error(status: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": message}), status


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document (no token needed)."""
    base = runtime().settings.PUBLIC_BASE_URL or request.host_url.rstrip("/")
    return jsonify(document(base + PREFIX))


@bp.before_request
def authenticate() -> tuple[Response, int] | None:
    """Every endpoint but the document needs a bearer token."""
    if request.endpoint == "api.openapi":
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    holder = api_tokens.holder(db_session().connection(), token.strip()) \
        if scheme.lower() == "bearer" and token.strip() else None
    if holder is None:
        log.warning("api: a request without a valid token from %s", request.remote_addr)
        return _error(401, "A valid bearer token is needed (lapor api-token add).")
    g.api_operator = CurrentOperator(holder.operator_id or 0, holder.name, holder.role,
                                     holder.agency_code, "api")
    return None


def _who() -> CurrentOperator:
    operator: CurrentOperator = g.api_operator
    return operator


def _report(report: Any, operator: CurrentOperator) -> dict[str, Any]:
    def when(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    number = report.reporter or ""
    return {"ticket": report.ticket, "channel": report.channel, "status": report.status,
            "category": report.category_code, "agency": report.agency_code,
            "area_code": report.area_code, "priority": report.priority,
            "reporters": report.reporters,
            "reporter": number if operator.sees_numbers else mask_msisdn(number),
            "text": report.text, "created_at": when(report.created_at),
            "updated_at": when(report.updated_at), "acknowledge_by": when(report.acknowledge_by),
            "resolve_by": when(report.resolve_by)}


def _number(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    value = int(raw)  # ValueError: answered 400
    if not low <= value <= high:
        raise ValueError(name)
    return value


@bp.get("/reports")
def list_reports() -> Response | tuple[Response, int]:
    """Reports in the token's scope, newest first, filtered."""
    operator = _who()
    try:
        number, size = _number("page", 1, 1, 10000), _number("size", 50, 1, 100)
        since = datetime.fromisoformat(request.args["since"]) if "since" in request.args \
            else None
    except ValueError:
        return _error(400, "page 1-10000, size 1-100, since an ISO 8601 time.")
    status = request.args.get("status")
    if status is not None and status not in STATUSES:
        return _error(400, f"status is one of {', '.join(STATUSES)}.")
    if since is not None and since.tzinfo is None:
        return _error(400, "since needs its time zone, e.g. 2026-12-01T00:00:00+07:00.")
    scope = None if operator.sees_all_agencies else operator.agency_code or "-"
    found = page(db_session(), QueueFilter(agency_only=scope, status=status,
                                           agency=request.args.get("agency") or None,
                                           since=since), size, number)
    return jsonify({"reports": [_report(r, operator) for r in found], "page": number})


def _visible(ticket: str) -> models.Report | None:
    report = db_session().query(models.Report).filter_by(ticket=ticket, kind="report").first()
    if report is None or not actions.may_see(_who(), report.agency_code):
        return None
    return report


@bp.get("/reports/<ticket>")
def one_report(ticket: str) -> Response | tuple[Response, int]:
    """One report in the token's scope."""
    report = _visible(ticket)
    if report is None:
        return _error(404, f"No report {ticket} in this token's scope.")
    return jsonify(_report(report, _who()))


@bp.post("/reports/<ticket>/status")
def set_status(ticket: str) -> Response | tuple[Response, int]:
    """Move a report to a status with a reason, as the pages do (and with their rules)."""
    operator, session, rt = _who(), db_session(), runtime()
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("status"), str) \
            or not isinstance(body.get("reason", ""), str):
        return _error(400, 'A JSON object: {"status": "...", "reason": "..."}.')
    if not operator.works_queue:
        return _error(403, "This token may read reports, not change them.")
    if _visible(ticket) is None:
        return _error(404, f"No report {ticket} in this token's scope.")
    connection = session.connection()
    row = changes.find(connection, ticket=ticket)
    assert row is not None
    now = rt.clock()
    try:
        actions.set_status(connection, rt.catalog, operator, row, body["status"],
                           storable(body.get("reason", ""), 2000), now)
    except actions.ActionError as exc:
        session.rollback()
        return _error(409, str(exc))
    actions.audit(connection, operator, "api status", ticket, request.remote_addr or "", now,
                  {"status": body["status"]})
    session.commit()
    session.expire_all()
    report = _visible(ticket)
    assert report is not None
    return jsonify(_report(report, operator))


@bp.get("/events")
def list_events() -> Response | tuple[Response, int]:
    """Report events after the cursor, oldest first: what changed since a system last asked."""
    operator = _who()
    try:
        after, limit = _number("after", 0, 0, MAX_CURSOR), _number("limit", 100, 1, 500)
    except ValueError:
        return _error(400, "after 0 or more, limit 1-500.")
    scope = None if operator.sees_all_agencies else operator.agency_code or "-"
    events = events_after(db_session().connection(), after, scope, limit)
    return jsonify({"events": [{**e, "at": e["at"].isoformat()} for e in events],
                    "cursor": events[-1]["id"] if events else after})
