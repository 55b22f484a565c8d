"""Serving the farmers' line's recordings to the telephony provider, which fetches what <Play>
names: advice items uploaded by agency staff (public texts), and officers' recorded answers
(under random file names, so an answer is reached only through its question's ticket)."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Response, abort, send_file

from gateway.request_scope import runtime
from gateway.store import advice

bp = Blueprint("farming_audio", __name__, url_prefix="/farming/audio")
ANSWER_NAME = re.compile(r"[0-9a-f]{32}\.(wav|mp3)")


def media_dir() -> Path:
    """Where the farmers' line keeps its recordings."""
    return runtime().settings.INSTANCE_DIR / "media" / "farming"


@bp.get("/advice/<int:item_id>/<language>")
def advice_audio(item_id: int, language: str) -> Response:
    """An advice item's uploaded recording in `language`."""
    if language not in ("id", "jv", "en"):
        abort(404)
    with runtime().db.reading() as connection:
        found = advice.item_text(connection, item_id, language)
    if found is None or not found.audio_path or found.language != language:
        abort(404)
    path = Path(found.audio_path)
    if not path.is_file() or media_dir().resolve() not in path.resolve().parents:
        abort(404)
    return send_file(path, max_age=300)


@bp.get("/answer/<name>")
def answer_audio(name: str) -> Response:
    """An officer's recorded answer."""
    if not ANSWER_NAME.fullmatch(name):
        abort(404)
    path = media_dir() / "answers" / name
    if not path.is_file():
        abort(404)
    return send_file(path, max_age=300)
