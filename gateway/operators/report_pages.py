"""The report page: everything about one report, and the actions operators take on it.

An agency operator sees and acts on its own agency's reports only; any other ticket answers 404,
even typed into the address bar, so nobody learns which tickets exist. Every action goes
through `gateway.operators.actions` (the same services as the phone and SMS channels) and into
the audit log.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from gateway.operators import actions
from gateway.operators.history_words import history_lines
from gateway.operators.i18n import LANGUAGE_NAMES, translate
from gateway.operators.identity import signed_in
from gateway.operators.queue_pages import CHANNELS, PRIORITIES, STATUSES, format_wib
from gateway.reports import changes
from gateway.reports.lifecycle import ReportStatus
from gateway.request_scope import db_reader, db_session, runtime
from gateway.store import details, escalations, models
from gateway.store.database import Connection
from gateway.store.values import storable
from sms.numbers import mask_msisdn

log = logging.getLogger(__name__)
bp = Blueprint("reports", __name__, url_prefix="/reports")
STATUS_CHOICES = {"verified": "Terverifikasi", "in_progress": "Sedang ditangani",
                  "resolved": "Selesai", "rejected": "Tolak (beri alasan)"}


def _visible(session: Any, ticket: str) -> models.Report:
    operator = current_user
    if not operator.works_queue or not ticket.isdigit():
        abort(404)
    report = details.report_with_history(session, ticket)
    if report is None or not actions.may_see(operator, report.agency_code):
        abort(404)
    return report


def _menu_path(report: models.Report) -> list[str]:
    """The caller's path through the phone menus, in words."""
    if report.call_sid is None:
        return []
    answers = details.call_answers(db_reader(), report.call_sid)
    catalog = runtime().catalog
    path = [f"Bahasa: {answers.get('language', 'id')}"]
    if answers.get("category") in catalog.categories:
        path.append(f"Kategori: {catalog.categories[answers['category']].name('id')}")
    for key in ("kecamatan", "area"):
        if answers.get(key) in catalog.areas:
            path.append(f"{'Kecamatan' if key == 'kecamatan' else 'Desa/kelurahan'}: "
                        f"{catalog.areas[answers[key]].name}")
    if answers.get("description"):
        path.append("Rekaman uraian")
    if answers.get("via") == "voicemail":
        path.append("Pesan suara (tidak ada petugas)")
    return path


@bp.get("/<ticket>")
@signed_in
def report_page(ticket: str) -> str:
    """One report with its history, recordings, duplicates and the actions allowed."""
    session = db_reader()
    report = _visible(session, ticket)
    operator = current_user
    catalog = runtime().catalog
    return render_template(
        "report.html", report=report, catalog=catalog, operator=operator,
        reporter=report.reporter if operator.sees_numbers else mask_msisdn(report.reporter),
        channel=CHANNELS.get(report.channel, report.channel),
        language_name=LANGUAGE_NAMES.get(report.language or "", "-"),
        status=STATUSES.get(report.status, report.status),
        priority=PRIORITIES.get(report.priority, report.priority),
        statuses={k: v for k, v in STATUS_CHOICES.items()
                  if k != report.status and k in (actions.COMMAND_CENTER
                                                  if operator.sees_all_agencies
                                                  else actions.AGENCY)},
        next_step=actions.next_step(operator, report.status),
        closed=ReportStatus(report.status).is_closed,
        reopenable=report.status in actions.REOPENABLE,
        suggested_agency=_suggested_agency(report, catalog),
        menu_path=_menu_path(report), routing=report.routing or {},
        history=history_lines(report.events, catalog, translate, STATUSES, format_wib),
        photos=[e.detail.get("path") for e in report.events if e.action == "photo"],
        escalation=escalations.of_report(session.connection(), report.id),
        sp4n_on=bool(runtime().settings.LAPOR_SP4N_URL),
    )


def _suggested_agency(report: models.Report, catalog: Any) -> str | None:
    """The agency the forward menu offers first: the report's own, else (in triage) its
    category's, else the one its words scored best."""
    if report.agency_code:
        return report.agency_code
    category = catalog.categories.get(report.category_code or "")
    if category is not None and category.agency:
        return str(category.agency)
    scores = (report.routing or {}).get("scores") or {}
    return next(iter(scores), None)


ACTIONS = ("status", "reassign", "correct", "note", "message", "link", "reopen", "not_report",
           "escalate")


@bp.post("/<ticket>/<action>")
@signed_in
def act(ticket: str, action: str) -> Response:
    """Carry out one action on a report from its page's form, then show the report."""
    rt = runtime()
    operator = current_user
    if action not in ACTIONS or not operator.works_queue or not ticket.isdigit():
        abort(404)
    session = db_session()
    connection = session.connection()
    report = changes.find(connection, ticket=ticket)
    if report is None or not actions.may_see(operator, report.agency_code):
        abort(404)
    form = {k: storable(v, 2000) for k, v in request.form.items() if k != "csrf_token"}
    now = rt.clock()
    try:
        _carry_out(connection, action, report, form, now)
    except actions.ActionError as exc:
        session.rollback()
        flash(str(exc))
        return redirect(url_for("reports.report_page", ticket=ticket))
    actions.audit(connection, operator, action, ticket, request.remote_addr or "", now, form)
    session.commit()
    log.info("operator %s: %s on report %s", operator.username, action, ticket)
    flash("Tersimpan.")
    after = changes.find(session.connection(), report_id=report.id, lock=False)
    if after is None or not actions.may_see(operator, after.agency_code):
        return redirect(url_for("pages.queue"))  # reassigned away from this agency operator
    return redirect(url_for("reports.report_page", ticket=ticket))


def _carry_out(connection: Connection, action: str, report: changes.ReportRow,
               form: dict[str, str], now: datetime) -> None:
    catalog, operator = runtime().catalog, current_user
    if action == "status":
        actions.set_status(connection, catalog, operator, report, form.get("status", ""),
                           form.get("reason", ""), now)
    elif action == "reassign":
        actions.reassign(connection, catalog, operator, report, form.get("agency", ""),
                         form.get("note", ""), now)
    elif action == "correct":
        actions.correct(connection, catalog, operator, report, form.get("category", ""),
                        form.get("area", ""), now)
    elif action == "note":
        actions.add_note(connection, operator, report, form.get("note", ""), now)
    elif action == "message":
        actions.write_to_reporter(connection, operator, report,
                                  changes.public_ticket(connection, report),
                                  form.get("text", ""), now)
    elif action == "reopen":
        actions.reopen(connection, catalog, operator, report, form.get("reason", ""), now)
    elif action == "not_report":
        actions.not_a_report(connection, catalog, operator, report, now)
    elif action == "escalate":
        actions.escalate(connection, operator, report, form.get("summary", ""),
                         form.get("public") == "on", bool(runtime().settings.LAPOR_SP4N_URL),
                         now)
    else:
        actions.link_duplicate(connection, operator, report, form.get("parent", "").strip(),
                               now)
