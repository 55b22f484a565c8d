"""The farmers' line's jobs for the worker.

- `render_prompt`: render an advice item's text (or title) to audio with the prompt pipeline
  (pyttsx3 and espeak-ng), so the hotline plays it instead of <Say>. Without espeak-ng it fails
  for good, with the reason, and callers keep hearing <Say>.
- `call`: place one voice alert, playing an advice item, through the Calls API.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gateway.outbox.jobs import Prepared
from gateway.providers.sending import Caller, PermanentError
from gateway.runtime import Runtime
from gateway.store import advice
from gateway.store.database import Connection
from gateway.store.outbox import Job
from gateway.voice import twiml
from gateway.voice.farming_turns import AUDIO_PREFIX
from gateway.voice.prompts import library_for, render_with_pyttsx3
from ivr_flows.steps import Say


def prepare_render(rt: Runtime, connection: Connection, job: Job, now: datetime) -> Prepared:
    """A `render_prompt` job: the text's audio file, unless it exists already."""
    text, language = str(job.payload.get("text") or ""), str(job.payload.get("language") or "")
    if not text or language not in ("id", "jv", "en"):
        raise PermanentError("render job without text or language")
    library = library_for(rt.settings.INSTANCE_DIR, rt.settings.CONFIG_DIR)
    target = library.rendered_file(Say(text, language, "render"))

    def perform() -> Any:
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.stem + ".part.wav")
        try:
            render_with_pyttsx3(text, language, partial)
        except (ImportError, OSError, RuntimeError) as exc:
            raise PermanentError(f"text-to-speech unavailable: {type(exc).__name__}") from None
        if not partial.is_file() or partial.stat().st_size == 0:
            raise PermanentError("text-to-speech wrote nothing")
        partial.replace(target)
        return target

    return Prepared(perform, lambda _connection, _result, _now: None)


def prepare_call(rt: Runtime, caller: Caller, connection: Connection, job: Job,
                 now: datetime) -> Prepared:
    """A `call` job: call one farmer and play the alert's advice item."""
    to, item_id = str(job.payload.get("to") or ""), job.payload.get("item_id")
    if not to or not isinstance(item_id, int):
        raise PermanentError("call job without number or item")
    language = str(job.payload.get("language") or "id")
    found = advice.item_text(connection, item_id, language)
    if found is None:
        raise PermanentError("the alert's advice item is gone")
    base = rt.settings.PUBLIC_BASE_URL
    audio = f"{AUDIO_PREFIX}/advice/{found.id}/{found.language}" if found.audio_path else None
    say = Say(found.text, found.language, f"advice.{found.id}")
    xml = twiml.alert_call(rt.settings, base, say, audio, rt.prompt_url)
    return Prepared(lambda: caller.place(to, xml), lambda _connection, _sent, _now: None)
