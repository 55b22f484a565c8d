"""The Open311 GeoReport v2 endpoints (`/open311/v2/...`, `.json` or `.xml`). Reading needs no
key; posting a service request needs an admin's API key (`lapor api-key add`) and keeps to its
rate limit. A request becomes a report through `file_report`, like every channel's."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import Blueprint, Response, request
from limits import RateLimitItemPerMinute

from gateway.open311 import documents
from gateway.rate_limits import allowed
from gateway.reports.filing import NewReport, file_report, offered
from gateway.reports.lifecycle import ReportStatus
from gateway.request_scope import db_session, runtime
from gateway.store import api_keys
from gateway.store.service_requests import service_requests
from routing.places import find_place
from sms.numbers import normalize_msisdn

log = logging.getLogger(__name__)
PREFIX = "/open311/v2"
bp = Blueprint("open311", __name__, url_prefix=PREFIX)
DEFAULT_DAYS = 90  # the specification's default span for a request search


def _answer(document: object, root: str, fmt: str, status: int = 200) -> Response:
    return Response(documents.render(document, root, fmt), status=status,
                    mimetype=documents.FORMATS[fmt])


def _error(fmt: str, status: int, description: str) -> Response:
    return _answer(documents.errors(status, description), "errors", fmt, status)


@bp.before_request
def known_format() -> Response | None:
    """Every path ends in .json or .xml; any other ending is answered in JSON."""
    fmt = (request.view_args or {}).get("fmt")
    if fmt is not None and fmt not in documents.FORMATS:
        return _error("json", 404, "Format harus json atau xml.")
    return None


@bp.get("/discovery.<fmt>")
def discovery(fmt: str) -> Response:
    """Where the API is and what it speaks."""
    base = (runtime().settings.PUBLIC_BASE_URL or request.host_url.rstrip("/")) + PREFIX
    return _answer(documents.discovery(base, runtime().settings.COMMAND_CENTER_NUMBER),
                   "discovery", fmt)


@bp.get("/services.<fmt>")
def services(fmt: str) -> Response:
    """Every category, as a service."""
    return _answer(documents.services(runtime().catalog), "services", fmt)


@bp.get("/services/<code>.<fmt>")
def service_definition(code: str, fmt: str) -> Response:
    """A service's attributes."""
    if code not in {c.code for c in offered(runtime().catalog)}:
        return _error(fmt, 404, f"Layanan {code!r} tidak ada.")
    return _answer(documents.definition(runtime().catalog, code), "service_definition", fmt)


@bp.get("/requests.<fmt>")
def list_requests(fmt: str) -> Response:
    """Service requests, filtered as GeoReport v2 asks (the last 90 days by default)."""
    args = request.args
    try:
        until = _moment(args.get("end_date")) or runtime().clock()
        since = _moment(args.get("start_date")) or until - timedelta(days=DEFAULT_DAYS)
    except ValueError:
        return _error(fmt, 400, "start_date dan end_date ditulis seperti 2026-12-01T00:00:00Z.")
    wanted = _split(args.get("status"))
    if not set(wanted) <= {"open", "closed"}:
        return _error(fmt, 400, "status hanya boleh open atau closed.")
    statuses = [s.value for s in ReportStatus if s is not ReportStatus.ABANDONED
                and (not wanted or ("open" if s.is_open else "closed") in wanted)]
    rows = service_requests(db_session().connection(), _split(args.get("service_request_id")),
                            _split(args.get("service_code")), since, until, statuses)
    catalog = runtime().catalog
    return _answer([documents.request(r, catalog) for r in rows], "service_requests", fmt)


@bp.get("/requests/<ticket>.<fmt>")
def one_request(ticket: str, fmt: str) -> Response:
    """One service request by its id (the ticket)."""
    rows = service_requests(db_session().connection(), [ticket])
    if not rows:
        return _error(fmt, 404, f"Laporan {ticket} tidak ada.")
    return _answer([documents.request(rows[0], runtime().catalog)], "service_requests", fmt)


@bp.get("/tokens/<token>.<fmt>")
def token(token: str, fmt: str) -> Response:
    """The request a token stands for: requests are filed at once, so the token is the id."""
    if not service_requests(db_session().connection(), [token]):
        return _error(fmt, 404, f"Token {token} tidak ada.")
    return _answer([{"service_request_id": token, "token": token}], "service_requests", fmt)


@bp.post("/requests.<fmt>")
def post_request(fmt: str) -> Response:
    """File a service request as a report; the reporter's number, if given, gets the ticket
    and the status texts."""
    rt, form = runtime(), request.form
    session = db_session()
    key = api_keys.find(session.connection(), form.get("api_key", ""))
    if key is None:
        log.warning("open311: a request with a missing or unknown api_key from %s",
                     request.remote_addr)
        return _error(fmt, 403, "api_key tidak dikenal.")
    if not allowed(RateLimitItemPerMinute(key.per_minute), "open311", str(key.id)):
        return _error(fmt, 429, f"Batas {key.per_minute} laporan per menit terlampaui.")
    category = next((c for c in offered(rt.catalog)
                     if c.code == form.get("service_code")), None)
    if category is None:
        return _error(fmt, 400, "service_code tidak ada; lihat services.json.")
    place = form.get("attribute[desa]", "")
    if place and place not in rt.catalog.areas:
        return _error(fmt, 400, f"attribute[desa] {place!r} tidak ada; lihat "
                      f"services/{category.code}.json.")
    text = form.get("description", "").strip()[:2000]
    if not place:
        found = find_place(rt.catalog, f"{form.get('address_string', '')} {text}")
        place = found.code if found else ""
    phone = normalize_msisdn(form.get("phone")) if form.get("phone") else None
    filed = file_report(session.connection(), rt.catalog, NewReport(
        channel="open311", reporter=phone, category_code=category.code,
        area_code=place or None, text=text), now=rt.clock(),
        ticket_factory=rt.ticket_factory,
        duplicate_window=timedelta(hours=rt.rules.duplicate_window_hours),
        notify=phone is not None)
    session.commit()
    log.info("open311: %s filed report %s", key.name, filed.ticket)
    return _answer([{"service_request_id": filed.public_ticket, "service_notice": "",
                     "account_id": None}], "service_requests", fmt, 201)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(value)
    return moment
