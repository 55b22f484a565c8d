"""The field officer's pages: the questions of their desa, answering one (text or a recording),
a field visit, turning an answer into an advice item, and the early-warning flags.

Every action is audited. A question outside an officer's desa answers 404, as a report of
another agency does.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from farming.early_warning import AskedQuestion, Flag, flags
from gateway.farming import questions
from gateway.farming.audio_files import AudioError, check_audio, keep
from gateway.operators import actions
from gateway.operators.farming_access import (
    AUDIO_TYPES,
    desa_scope,
    farming_operator,
    may_see_desa,
)
from gateway.operators.history_words import history_lines
from gateway.operators.i18n import translate
from gateway.operators.identity import signed_in
from gateway.operators.queue_pages import STATUSES, format_wib
from gateway.request_scope import db_reader, db_session, runtime
from gateway.store import advice, details, farm_questions, farm_reference, farmers
from gateway.store.farm_questions import QuestionRow
from gateway.store.values import storable
from gateway.voice.farming_audio import media_dir
from sms.numbers import mask_msisdn

bp = Blueprint("farming", __name__, url_prefix="/farming")
ANSWER_SECONDS = 180


@bp.get("")
@signed_in
def home() -> Response | str:
    """Officers go to their questions; staff see the line at a glance."""
    operator = farming_operator()
    if operator.role == "officer":
        return redirect(url_for("farming.question_list"))
    with runtime().db.reading() as connection:
        waiting = farm_questions.listed(connection, None, answered=False, limit=500)
    return render_template("farming/home.html", waiting=len(waiting), flags=_flags(None),
                           catalog=runtime().catalog, farm=runtime().farm)


def _flags(scope: list[str] | None) -> list[tuple[Flag, list[str]]]:
    """The early-warning flags within `scope`, each with its questions' tickets."""
    raised = _raised(scope)
    ids = sorted({i for flag in raised for i in flag.questions})
    with runtime().db.reading() as connection:
        tickets = farm_questions.tickets_of(connection, ids)
    return [(flag, [tickets[i] for i in flag.questions if i in tickets]) for flag in raised]


def _raised(scope: list[str] | None) -> list[Flag]:
    rt = runtime()
    now = rt.clock()
    with rt.db.reading() as connection:
        rows = farm_questions.asked_since(connection, now - timedelta(days=rt.farm.warning_days))
    asked = [AskedQuestion(r[0], r[1], r[2], tuple(r[3] or ()), r[4]) for r in rows]
    all_desa = [c for c, a in rt.catalog.areas.items() if a.level != "kecamatan"]
    raised = flags(asked, all_desa, now, rt.farm.warning_threshold,
                   timedelta(days=rt.farm.warning_days), rt.farm.neighbours)
    return [f for f in raised if scope is None or f.desa in scope]


@bp.get("/questions")
@signed_in
def question_list() -> str:
    """The questions of the officer's desa (all desa for staff), unanswered first."""
    operator = farming_operator()
    show = request.args.get("show", "open")
    answered = {"open": False, "answered": True}.get(show)
    scope = desa_scope(operator)
    with runtime().db.reading() as connection:
        rows = farm_questions.listed(connection, scope, answered)
    return render_template("farming/questions.html", rows=rows, show=show,
                           flags=_flags(list(scope) if scope is not None else None),
                           catalog=runtime().catalog, farm=runtime().farm)


def _question(ticket: str) -> QuestionRow:
    operator = farming_operator()
    if not ticket.isdigit():
        abort(404)
    with runtime().db.reading() as connection:
        found = farm_questions.find(connection, ticket=ticket)
    if found is None or not may_see_desa(operator, found.desa_code):
        abort(404)
    return found


@bp.get("/questions/<ticket>")
@signed_in
def question_page(ticket: str) -> str:
    """One question: who asked, what, its recording, and the forms to answer it."""
    found = _question(ticket)
    operator = farming_operator()
    with runtime().db.reading() as connection:
        farmer = farmers.by_id(connection, found.farmer_id) if found.farmer_id else None
        names = {o.code: o.name for o in farm_reference.officers(connection)}
    report = details.report_with_history(db_reader(), found.ticket)
    history = history_lines(report.events if report else [], runtime().catalog, translate,
                            STATUSES, format_wib, names)
    return render_template(
        "farming/question.html", q=found, farmer=farmer, report=report, history=history,
        reporter=found.reporter if operator.sees_numbers else mask_msisdn(found.reporter),
        catalog=runtime().catalog, farm=runtime().farm, today=runtime().clock().date())


@bp.get("/questions/<ticket>/recording/<sid>")
@signed_in
def question_recording(ticket: str, sid: str) -> Response:
    """The farmer's recorded question (its local copy)."""
    found = _question(ticket)
    report = details.report_with_history(db_reader(), found.ticket)
    kept = next((r.local_path for r in (report.recordings if report else [])
                 if r.recording_sid == sid and r.local_path), None)
    if kept is None or not Path(kept).is_file():
        abort(404)
    return send_file(kept, mimetype=AUDIO_TYPES.get(Path(kept).suffix, "audio/wav"),
                     conditional=True)


@bp.post("/questions/<ticket>/<action>")
@signed_in
def act(ticket: str, action: str) -> Response:
    """Answer, record a field visit, or make an advice item of a question."""
    found = _question(ticket)
    operator = farming_operator()
    rt = runtime()
    now = rt.clock()
    form = {k: storable(v, 4000) for k, v in request.form.items() if k != "csrf_token"}
    session = db_session()
    connection = session.connection()
    if action == "answer":
        text = " ".join(form.get("answer", "").split())
        upload = request.files.get("recording")
        path = None
        if upload is not None and upload.filename:
            try:
                data = upload.read()
                checked = check_audio(data, ANSWER_SECONDS)
            except AudioError as exc:
                flash(str(exc))
                return redirect(url_for("farming.question_page", ticket=ticket))
            path = str(keep(media_dir() / "answers", checked, data))
        if not text and path is None:
            flash("Tulis jawaban atau unggah rekaman jawaban.")
            return redirect(url_for("farming.question_page", ticket=ticket))
        questions.answer(connection, found.report_id, text, path, operator.username, now)
    elif action == "visit":
        try:
            day = date.fromisoformat(form.get("visit_on", ""))
        except ValueError:
            flash("Tanggal kunjungan belum benar. Tulis seperti 2026-12-01.")
            return redirect(url_for("farming.question_page", ticket=ticket))
        farm_questions.set_fields(connection, found.report_id, visit_on=day,
                                  visit_outcome=form.get("outcome", "")[:2000])
    elif action == "advice":
        title, text = form.get("title", "").strip(), form.get("text", "").strip()
        if not title or not text:
            flash("Judul dan isi saran wajib diisi.")
            return redirect(url_for("farming.question_page", ticket=ticket))
        commodity = form.get("commodity") if form.get("commodity") in rt.farm.commodities \
            else (found.commodity or "kentang")
        topic = form.get("topic") if form.get("topic") in rt.farm.topics else "hama"
        item_id = advice.save(connection, None, {
            "code": f"q{found.ticket}", "commodity": commodity, "topic": topic,
            "source": f"Jawaban penyuluh atas pertanyaan {found.ticket}", "active": True},
            {"id": (title[:120], text)}, operator.username, now)
        farm_questions.set_fields(connection, found.report_id, advice_item_id=item_id)
    else:
        abort(404)
    actions.audit(connection, operator, f"question_{action}", ticket, request.remote_addr or "",
                  now, {k: v[:200] for k, v in form.items()})
    session.commit()
    flash("Tersimpan.")
    return redirect(url_for("farming.question_page", ticket=ticket))
