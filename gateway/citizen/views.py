"""The citizens' web page: `/lapor` (the form), `/lapor/<ticket>` (where a report stands)."""

from __future__ import annotations

import logging
import math
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from limits import RateLimitItemPerHour
from werkzeug.wrappers import Response

from gateway.citizen.photos import MAX_BYTES, PhotoError, cleaned, keep
from gateway.citizen.words import LANGUAGES, STATUS, WORDS, language_of
from gateway.rate_limits import allowed
from gateway.reports import history
from gateway.reports.filing import NewReport, file_report, offered
from gateway.reports.history import Event
from gateway.request_scope import db_session, runtime
from gateway.store.public_history import public_report
from gateway.store.values import storable
from routing.rules import route_text
from sms.numbers import normalize_msisdn

log = logging.getLogger(__name__)
bp = Blueprint("citizen", __name__, url_prefix="/lapor", template_folder="templates",
               static_folder="static", static_url_path="/static")
PER_ADDRESS = RateLimitItemPerHour(10)  # reports one address may send an hour
SHORTEST = 10


def _page(template: str, language: str, status: int = 200, **values: Any) -> tuple[str, int]:
    rt = runtime()
    places = [(k, rt.catalog.desa_of(k.code)) for k in rt.catalog.kecamatan()]
    return render_template(f"citizen/{template}", t=WORDS[language], lang=language,
                           languages=LANGUAGES, catalog=rt.catalog, places=places,
                           categories=offered(rt.catalog), **values), status


@bp.get("")
def form() -> tuple[str, int]:
    """The form, empty."""
    return _page("form.html", language_of(request.args.get("lang")), values={})


@bp.post("")
def send() -> Response | tuple[str, int]:
    """File the report, or show the form again with what to fix (nothing typed is lost)."""
    rt, form = runtime(), request.form
    language = language_of(form.get("lang"))
    words = WORDS[language]
    values = {k: storable(form.get(k, ""), 2000) for k in ("category", "place", "text",
                                                           "phone")}
    if form.get("website"):  # the honeypot: a person never sees it, a bot fills it in
        log.info("citizen page: honeypot filled from %s", request.remote_addr)
        return _page("form.html", language, 400, values={}, error=words["bad_choice"])
    if not allowed(PER_ADDRESS, "citizen-form", request.remote_addr or "-"):
        return _page("form.html", language, 429, values=values, error=words["too_many"])
    if not values["place"]:  # "use my location" filled in where the phone is
        values["place"] = _located(form.get("lat", ""), form.get("lon", "")) or ""
    category = next((c for c in offered(rt.catalog) if c.code == values["category"]), None)
    if (values["category"] and category is None) or (
            values["place"] and values["place"] not in rt.catalog.areas):
        return _page("form.html", language, 400, values=values, error=words["bad_choice"])
    text = " ".join(values["text"].split())
    if len(text) < SHORTEST:
        return _page("form.html", language, 400, values=values, error=words["no_text"])
    phone = normalize_msisdn(values["phone"]) if values["phone"].strip() else None
    if values["phone"].strip() and phone is None:
        return _page("form.html", language, 400, values=values, error=words["bad_phone"])
    upload = request.files.get("photo")
    photo = None
    if upload is not None and upload.filename:
        try:
            photo = cleaned(upload.read(MAX_BYTES + 1))
        except PhotoError as exc:
            log.info("citizen page: photo refused (%s)", exc)
            return _page("form.html", language, 400, values=values, error=words["bad_photo"])
    session = db_session()
    decision = None if category else route_text(rt.rules, rt.catalog, text)
    filed = file_report(session.connection(), rt.catalog, NewReport(
        channel="web", reporter=phone, language=language,
        category_code=category.code if category else None,
        area_code=values["place"] or None, text=text, decision=decision),
        now=rt.clock(), ticket_factory=rt.ticket_factory,
        duplicate_window=timedelta(hours=rt.rules.duplicate_window_hours),
        notify=phone is not None)
    if photo is not None:
        path = keep(rt.settings.INSTANCE_DIR / "media", filed.id, photo)
        history.record(session.connection(), rt.clock(), Event(filed.id, "citizen", "photo",
                                                               {"path": str(path)}))
    session.commit()
    log.info("citizen page: report %s filed", filed.ticket)
    return redirect(url_for("citizen.status", ticket=filed.public_ticket, lang=language,
                            new=1))


def _located(lat: str, lon: str) -> str | None:
    """The desa at the coordinates the phone gave, or None (none given, unreadable, or
    outside the city)."""
    try:
        point = float(lat), float(lon)
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in point):
        return None
    return runtime().desa_map.locate(*point)


@bp.get("/desa-terdekat")
def nearest() -> tuple[Response, int]:
    """The desa the phone's coordinates fall in, for the form's "use my location" button:
    resolved here from the city's boundary file, no map service. 404 outside the city."""
    language = language_of(request.args.get("lang"))
    code = _located(request.args.get("lat", ""), request.args.get("lon", ""))
    area = runtime().catalog.areas.get(code or "")
    if area is None:
        return jsonify({"message": WORDS[language]["outside"]}), 404
    kecamatan = runtime().catalog.areas.get(area.parent_code or "")
    return jsonify({"code": area.code, "name": area.name, "message": WORDS[language][
        "located"].format(desa=area.name, kecamatan=kecamatan.name if kecamatan else "-")}), 200


@bp.get("/cek")
def find() -> Response:
    """The ticket box: to that ticket's page."""
    ticket = "".join(c for c in request.args.get("ticket", "") if c.isdigit())
    language = language_of(request.args.get("lang"))
    if not ticket:
        return redirect(url_for("citizen.form", lang=language))
    return redirect(url_for("citizen.status", ticket=ticket, lang=language))


@bp.get("/<ticket>")
def status(ticket: str) -> tuple[str, int]:
    """Where the report stands and its public steps."""
    language = language_of(request.args.get("lang"))
    if not ticket.isdigit():
        abort(404)
    report = public_report(db_session().connection(), ticket)
    if report is None:
        return _page("status.html", language, 404, report=None,
                     error=WORDS[language]["not_found"])
    return _page("status.html", language, report=report, steps=_steps(report, language),
                 status_name=STATUS[language].get(report["status"], report["status"]),
                 new=request.args.get("new") == "1")


def _steps(report: dict[str, Any], language: str) -> list[tuple[str, str]]:
    words, names, catalog = WORDS[language], STATUS[language], runtime().catalog

    def agency(code: str | None) -> str:
        found = catalog.agencies.get(code or "")
        return found.spoken_name if found else words["triage"]

    lines: list[tuple[str, str]] = []
    for at, action, to_status, value in report["steps"]:
        if action == "created":
            text = words["created"]
        elif action == "routed":
            text = (words["routed"].format(agency=agency(value)) if value
                    else words["routed_triage"])
        elif action == "reassigned":
            text = words["moved"].format(agency=agency(value))
        elif action == "sp4n_sent":
            text = words["escalated"].format(tracking=value or "-")
        elif action == "sp4n_status":
            text = words["national"].format(status=value or "-")
        else:
            text = names.get(to_status or "", to_status or "")
        when = (at + timedelta(hours=7)).strftime("%d/%m/%Y %H:%M") + " WIB"
        if not lines or lines[-1][1] != text:
            lines.append((when, text))
    return lines
