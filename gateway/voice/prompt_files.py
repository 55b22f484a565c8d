"""Serving prompt audio to the telephony provider, which fetches what <Play> names.

Prompts are public texts (no personal data), so no sign-in is asked; only the two prompt folders
are served, never anything else.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, send_from_directory

from gateway.request_scope import runtime
from gateway.voice.prompts import RECORDED_SUFFIXES, PromptLibrary, library_for
from gateway.voice.speaking import silence_wav

bp = Blueprint("prompt_files", __name__, url_prefix="/prompts")


def _library() -> PromptLibrary:
    settings = runtime().settings
    return library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR)


@bp.get("/rendered/<name>")
def rendered(name: str) -> Response:
    """A prompt rendered by text-to-speech, as a WAV file."""
    if not name.endswith(".wav"):
        abort(404)
    return send_from_directory(_library().rendered, name, mimetype="audio/wav", max_age=86400)


@bp.get("/recorded/<language>/<name>")
def recorded(language: str, name: str) -> Response:
    """A prompt recorded by a person, in `language`."""
    if language not in ("id", "jv", "en") or not name.endswith(RECORDED_SUFFIXES):
        abort(404)
    return send_from_directory(_library().recorded / language, name, max_age=3600)


@bp.get("/silence.wav")
def silence() -> Response:
    """A second of silence, played where the platform has no <Pause> (Somleng)."""
    response = Response(silence_wav(1), mimetype="audio/wav")
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response
