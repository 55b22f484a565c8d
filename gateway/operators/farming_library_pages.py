"""The advice library editor: agency staff add and change items (text in Indonesian and
Javanese, or an uploaded recording), live on the next call, every edit audited.

A text is rendered to audio by the worker (`render_prompt` jobs, the prompt pipeline); until it
is, or without espeak-ng, callers hear it through <Say>. A recording is checked for type (WAV or
MP3) and length (at most 90 seconds) before it is kept.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from farming.catalog import LIBRARY_LANGUAGES
from gateway.farming.audio_files import AudioError, check_audio, keep
from gateway.operators import actions
from gateway.operators.farming_access import staff_only
from gateway.operators.i18n import said
from gateway.operators.identity import signed_in
from gateway.request_scope import db_session, runtime
from gateway.store import advice
from gateway.store.outbox import enqueue, job_row
from gateway.store.values import storable
from gateway.voice.farming_audio import media_dir

bp = Blueprint("farming_library", __name__, url_prefix="/farming/library")
ITEM_SECONDS = 90
CODE = re.compile(r"[a-z][a-z0-9_]{1,63}")


@bp.get("")
@signed_in
def library_page() -> str:
    """Every item, by commodity and topic, with plays and plays heard to the end."""
    staff_only()
    with runtime().db.reading() as connection:
        items = advice.all_items(connection)
    return render_template("farming/library.html", items=items, farm=runtime().farm)


@bp.get("/<int:item_id>")
@bp.get("/new", defaults={"item_id": 0})
@signed_in
def item_page(item_id: int) -> str:
    """The editor of one item (0: a new one)."""
    staff_only()
    item = None
    if item_id:
        with runtime().db.reading() as connection:
            item = next((i for i in advice.all_items(connection) if i.id == item_id), None)
        if item is None:
            abort(404)
    return render_template("farming/item.html", item=item, farm=runtime().farm,
                           languages=LIBRARY_LANGUAGES)


@bp.post("/<int:item_id>")
@bp.post("/new", defaults={"item_id": 0})
@signed_in
def save_item(item_id: int) -> Response:
    """Save an item's fields and texts, and any uploaded recordings."""
    operator = staff_only()
    rt = runtime()
    now = rt.clock()
    form = {k: storable(v, 4000).strip() for k, v in request.form.items() if k != "csrf_token"}
    code = form.get("code", "")
    back = url_for("farming_library.item_page", item_id=item_id) if item_id \
        else url_for("farming_library.item_page", item_id=0)
    problems = []
    if not CODE.fullmatch(code):
        problems.append("Kode: huruf kecil, angka dan garis bawah, diawali huruf.")
    if form.get("commodity") not in rt.farm.commodities:
        problems.append("Pilih komoditas.")
    if form.get("topic") not in rt.farm.topics:
        problems.append("Pilih topik.")
    texts = {lang: (form.get(f"title_{lang}", "")[:120], form.get(f"text_{lang}", ""))
             for lang in LIBRARY_LANGUAGES if form.get(f"title_{lang}")}
    if "id" not in texts:
        problems.append("Judul bahasa Indonesia wajib diisi.")
    for lang, (_title, text) in texts.items():
        if len(text.split()) > 200:
            problems.append(said("Teks ({lang}) terlalu panjang untuk 90 detik: paling banyak "
                                 "200 kata.", lang=lang))
    uploads = {}
    for lang in LIBRARY_LANGUAGES:
        upload = request.files.get(f"audio_{lang}")
        if upload is not None and upload.filename:
            data = upload.read()
            try:
                uploads[lang] = (check_audio(data, ITEM_SECONDS), data)
            except AudioError as exc:
                problems.append(said("Rekaman ({lang}): {problem}", lang=lang, problem=exc))
    if problems:
        for problem in problems:
            flash(problem)
        return redirect(back)
    session = db_session()
    connection = session.connection()
    values = {"code": code, "commodity": form["commodity"], "topic": form["topic"],
              "source": form.get("source", ""), "active": form.get("active") == "on"}
    saved = advice.save(connection, item_id or None, values, texts, operator.username, now)
    for lang, (checked, data) in uploads.items():
        path = keep(media_dir() / "advice", checked, data, name=f"{saved}-{lang}")
        advice.set_audio(connection, saved, lang, str(path), checked.seconds,
                         operator.username, now)
    renders = [job_row("render_prompt", {"text": text, "language": lang}, now)
               for lang, (title, text) in texts.items() for text in (title, text) if text]
    enqueue(connection, renders)
    actions.audit(connection, operator, "advice_saved", code, request.remote_addr or "", now,
                  {"item": saved, "languages": sorted(texts), "recordings": sorted(uploads),
                   "active": values["active"]})
    session.commit()
    flash("Tersimpan. Perubahan langsung berlaku di hotline.")
    return redirect(url_for("farming_library.item_page", item_id=saved))
