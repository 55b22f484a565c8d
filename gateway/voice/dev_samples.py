"""A sample caller's recording for development, so a simulated call leaves something to hear.

With DEV_MEDIA=on (`lapor dev init` sets it; start-up refuses it beside PUBLIC_BASE_URL),
`lapor simulate call` announces each recording at `/dev/recordings/<sid>` the way Twilio names
its own, and the worker downloads it from there like any recording. The file is a few seconds of
Indonesian from espeak-ng ("Ada tanah longsor di jalan dekat balai desa Punten. Mohon segera
dibantu."), 8 kHz 16-bit mono like a phone line. Off development it answers 404.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Response, abort

from gateway.request_scope import runtime

SAMPLE = Path(__file__).parent / "samples" / "sample-recording.wav"
SID = re.compile(r"[A-Za-z0-9]{1,64}")

bp = Blueprint("dev_samples", __name__, url_prefix="/dev")


@bp.get("/recordings/<name>")
def recording(name: str) -> Response:
    """The sample recording, under any plain recording id, as the provider would serve it."""
    sid, _, suffix = name.partition(".")
    if not runtime().settings.dev_media or not SID.fullmatch(sid) or suffix not in ("", "wav"):
        abort(404)
    return Response(SAMPLE.read_bytes(), mimetype="audio/wav")
