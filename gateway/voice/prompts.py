"""Offline voice prompts: rendered with pyttsx3 (espeak-ng), or recorded by a person.

`lapor prompts build` renders every fixed text of every flow, and every clip the texts with
call-time values are made of (their own words, digits, category, place and agency names), in
every language, to a WAV file named by a hash of voice, language and text, so a rebuild renders
only what changed. A file recorded by a person at `config/prompts/<language>/<prompt id>.wav`
(or `.mp3`) overrides the prompt; `lapor prompts list` names them all. At call time
`PromptLibrary.url` gives the file's URL for <Play>, or None for <Say>.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from gateway.voice.speaking import APOLOGY
from ivr_flows.flow import Flow
from ivr_flows.steps import Say

log = logging.getLogger(__name__)

# espeak-ng voices: Malayo-Polynesian "poz/id" reads Indonesian and, understandably, Javanese
# (espeak-ng has no Javanese voice); "gmw/en" is English.
VOICES: Mapping[str, str] = {"id": "poz/id", "jv": "poz/id", "en": "gmw/en"}
RECORDED_SUFFIXES = (".wav", ".mp3")
URL_PREFIX = "/prompts"


def prompt_key(text: str, language: str) -> str:
    """The file name of a prompt's audio: a hash of its text and language."""
    voice = VOICES.get(language, VOICES["id"])
    return hashlib.sha256(f"{voice}\n{language}\n{text}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class PromptLibrary:
    """Where prompt audio lives: `rendered` (built) and `recorded` (people's recordings)."""

    rendered: Path
    recorded: Path

    def recorded_file(self, say: Say) -> Path | None:
        if not say.prompt_id:
            return None
        for suffix in RECORDED_SUFFIXES:
            path = self.recorded / say.language / f"{say.prompt_id}{suffix}"
            if path.is_file():
                return path
        return None

    def rendered_file(self, say: Say) -> Path:
        return self.rendered / f"{prompt_key(say.text, say.language)}.wav"

    def url(self, say: Say) -> str | None:
        """URL of the audio for `say`: a recording first, else a rendering, else None."""
        recorded = self.recorded_file(say)
        if recorded is not None:
            return f"{URL_PREFIX}/recorded/{say.language}/{recorded.name}"
        if not say.prompt_id:
            return None  # texts with call-time values (tickets, statuses) are always spoken
        rendered = self.rendered_file(say)
        return f"{URL_PREFIX}/rendered/{rendered.name}" if rendered.is_file() else None


Renderer = Callable[[str, str, Path], None]


def render_with_pyttsx3(text: str, language: str, target: Path) -> None:
    """Render one text to a WAV file. One engine run per file: queuing several files before a
    single run writes only the last one (pyttsx3 2.99 with espeak-ng)."""
    import pyttsx3  # imported here: it loads espeak-ng, which only `prompts build` needs

    with contextlib.redirect_stdout(io.StringIO()):  # it prints "Audio saved to ..."
        engine = pyttsx3.init("espeak")
        try:
            engine.setProperty("voice", VOICES.get(language, VOICES["id"]))
            engine.setProperty("rate", 150)
            engine.save_to_file(text, str(target))
            engine.runAndWait()
        finally:
            engine.stop()


@dataclass(frozen=True)
class BuildResult:
    """How many prompts one build rendered, left as they were, or found recorded."""

    rendered: int
    unchanged: int
    recorded: int


def spoken_texts(flows: Iterable[Flow], extra: Iterable[Say] = ()) -> list[Say]:
    """Every fixed text and clip a call can play, each once: the apology, the flows', and
    `extra` (the advice library's items, which live in the database)."""
    texts, seen = [], set()
    for say in (APOLOGY, *(say for flow in flows for say in flow.fixed_texts()), *extra):
        if (say.prompt_id, say.language, say.text) not in seen:
            seen.add((say.prompt_id, say.language, say.text))
            texts.append(say)
    return texts


def missing_audio(flows: Iterable[Flow], library: PromptLibrary) -> list[Say]:
    """The texts and clips with neither a recording nor a rendering yet."""
    return [say for say in spoken_texts(flows) if library.url(say) is None]


def build_prompts(flows: Iterable[Flow], library: PromptLibrary,
                  render: Renderer = render_with_pyttsx3, extra: Iterable[Say] = ()) -> BuildResult:
    """Render every fixed text (and `extra` one) not yet rendered; texts a person recorded are
    left alone."""
    library.rendered.mkdir(parents=True, exist_ok=True)
    rendered = unchanged = recorded = 0
    seen: set[Path] = set()
    for say in spoken_texts(flows, extra):
        if library.recorded_file(say) is not None:
            recorded += 1
            continue
        target = library.rendered_file(say)
        if target in seen or target.is_file():
            unchanged += target not in seen
            seen.add(target)
            continue
        seen.add(target)
        partial = target.with_name(target.stem + ".part.wav")
        render(say.text, say.language, partial)
        if not partial.is_file() or partial.stat().st_size == 0:
            raise RuntimeError(f"text-to-speech wrote nothing for {say.prompt_id!r}")
        partial.replace(target)
        rendered += 1
    log.info("prompts: %d rendered, %d unchanged, %d recorded by people", rendered, unchanged,
             recorded)
    return BuildResult(rendered, unchanged, recorded)


def prompt_texts(flows: Iterable[Flow], library: PromptLibrary) -> dict[str, str]:
    """Audio URL -> the text it speaks, for showing <Play> prompts as words (the simulator)."""
    texts: dict[str, str] = {}
    for say in spoken_texts(flows):
        url = library.url(say) or f"{URL_PREFIX}/rendered/{library.rendered_file(say).name}"
        texts[url] = say.text
    return texts


def library_for(instance_dir: Path, config_dir: Path) -> PromptLibrary:
    """The prompt library of an instance: rendered files, and recorded ones from `config/`."""
    return PromptLibrary(rendered=instance_dir / "prompts" / "rendered",
                         recorded=config_dir / "prompts")
