"""Rendering the engine's channel-neutral steps to TwiML with twilio's `VoiceResponse`.

Only verbs that self-hosted TwiML platforms (Somleng) also run are used, with <Enqueue> replaced
by <Dial> when OPERATOR_HANDOFF=dial. After every <Gather> and <Record> a <Redirect> carries the
caller to the same action with `noinput=1`, because Twilio falls through to the next verb when
the caller does nothing. A prompt with a rendered or recorded audio file is played with <Play>.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from twilio.twiml.voice_response import Gather as TwimlGather
from twilio.twiml.voice_response import VoiceResponse

from gateway.settings import Settings
from ivr_flows.steps import Gather, Handoff, Hangup, Pause, Record, Say, Step

# Javanese has no text-to-speech voice; the Indonesian one reads it understandably.
SAY_LANGUAGE = {"id": "id-ID", "jv": "id-ID", "en": "en-US"}
HOLD_PAUSE_SECONDS = 10

APOLOGY = (
    "Mohon maaf, sedang ada gangguan pada sistem kami. "
    "Silakan hubungi kami kembali beberapa saat lagi. Terima kasih."
)

PromptUrl = Callable[[Say], str | None]


@dataclass(frozen=True)
class Urls:
    """The callback URLs a turn's TwiML points at."""

    action: str
    recording_callback: str
    hold: str


def _with(url: str, query: str) -> str:
    return url + ("&" if "?" in url else "?") + query


def _speak(target: VoiceResponse | TwimlGather, step: Say | Pause, settings: Settings,
           prompt_url: PromptUrl) -> None:
    if isinstance(step, Pause):
        target.pause(length=step.seconds)
        return
    url = prompt_url(step) if settings.VOICE_PROMPTS == "auto" else None
    if url:
        target.play(url)
        return
    language = SAY_LANGUAGE.get(step.language, "id-ID")
    # The configured voice is an Indonesian one; English uses the provider's default voice.
    voice = settings.SAY_VOICE if settings.SAY_VOICE and language == "id-ID" else None
    target.say(step.text, language=language, voice=voice)


@dataclass(frozen=True)
class _Target:
    """Where a rendering goes and with what: the response, the turn's URLs and the settings."""

    response: VoiceResponse
    urls: Urls
    settings: Settings
    prompt_url: PromptUrl

    @property
    def noinput(self) -> str:
        return _with(self.urls.action, "noinput=1")


def _say(target: _Target, step: Step) -> None:
    assert isinstance(step, Say | Pause)
    _speak(target.response, step, target.settings, target.prompt_url)


def _gather(target: _Target, step: Step) -> None:
    assert isinstance(step, Gather)
    options: dict[str, object] = {}
    if step.speech_language:
        options = {"language": step.speech_language, "speech_timeout": "auto"}
        if step.hints:
            options["hints"] = ", ".join(step.hints)
    gather = target.response.gather(
        input="dtmf speech" if step.speech_language else "dtmf",
        num_digits=step.num_digits, timeout=step.timeout_seconds,
        action=target.urls.action, method="POST",
        finish_on_key=step.finish_on_key or None, **options)
    for prompt in step.prompts:
        _speak(gather, prompt, target.settings, target.prompt_url)
    # Twilio falls through to the next verb when the caller does nothing.
    target.response.redirect(target.noinput, method="POST")


def _record(target: _Target, step: Step) -> None:
    assert isinstance(step, Record)
    target.response.record(
        action=target.urls.action, method="POST", max_length=step.max_seconds,
        finish_on_key=step.finish_on_key, play_beep=True, trim="trim-silence",
        timeout=step.timeout_seconds, recording_status_callback=target.urls.recording_callback,
        recording_status_callback_method="POST", recording_status_callback_event="completed")
    target.response.redirect(target.noinput, method="POST")


def _handoff(target: _Target, step: Step) -> None:
    assert isinstance(step, Handoff)
    done, settings = _with(target.urls.action, "handoff=1"), target.settings
    if settings.OPERATOR_HANDOFF == "dial":
        dial = target.response.dial(action=done, method="POST",
                                    timeout=min(step.max_wait_seconds, 600),
                                    answer_on_bridge=True)
        dial.number(settings.OPERATOR_NUMBER)
    else:
        target.response.enqueue(step.queue, action=done, method="POST",
                                wait_url=target.urls.hold, wait_url_method="POST")


def _hangup(target: _Target, step: Step) -> None:
    target.response.hangup()


# How each kind of step becomes TwiML; a new step type adds its renderer here.
RENDERERS: dict[type, Callable[[_Target, Step], None]] = {
    Say: _say, Pause: _say, Gather: _gather, Record: _record, Handoff: _handoff,
    Hangup: _hangup,
}


def render(steps: tuple[Step, ...], urls: Urls, settings: Settings,
           prompt_url: PromptUrl = lambda _say: None) -> str:
    """TwiML for `steps`; input (digits, speech, recordings, silence) goes to `urls.action`."""
    target = _Target(VoiceResponse(), urls, settings, prompt_url)
    for step in steps:
        RENDERERS[type(step)](target, step)
    return str(target.response)


def hold(texts: list[str], language: str, settings: Settings) -> str:
    """The queue's wait music: where the caller stands and an apology, then a pause; Twilio
    requests it again when it ends."""
    response = VoiceResponse()
    for text in texts:
        _speak(response, Say(text, language), settings, lambda _say: None)
    response.pause(length=HOLD_PAUSE_SECONDS)
    return str(response)


def leave_queue() -> str:
    """TwiML that takes a caller out of the operators' queue."""
    response = VoiceResponse()
    response.leave()
    return str(response)


def apology(voice: str) -> str:
    """What a caller hears when the gateway fails: a spoken apology and a clean hang-up."""
    response = VoiceResponse()
    response.say(APOLOGY, language="id-ID", voice=voice or None)
    response.hangup()
    return str(response)


class RenderCache:
    """Rendered TwiML by (steps, urls), per runtime. twilio's VoiceResponse takes longer to build
    and serialise a menu than the rest of a step does; most callers hear the same menus.

    The rendering also depends on which prompt audio files exist, so entries expire after
    `seconds`: a prompt recorded or rebuilt while the gateway runs is played within that time.
    At most `size` entries; when full it starts afresh."""

    def __init__(self, seconds: float = 10.0, size: int = 4096) -> None:
        self.seconds = seconds
        self.size = size
        self._entries: dict[tuple[tuple[Step, ...], Urls], tuple[float, str]] = {}

    def render(self, steps: tuple[Step, ...], urls: Urls, settings: Settings,
               prompt_url: PromptUrl) -> str:
        key = (steps, urls)
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        xml = render(steps, urls, settings, prompt_url)
        if len(self._entries) >= self.size:
            self._entries = {}
        self._entries[key] = (now + self.seconds, xml)
        return xml


def connect_desk(desk_number: str, caller_id: str) -> str:
    """Take a waiting caller out of the queue to an operator's desk phone."""
    response = VoiceResponse()
    dial = response.dial(caller_id=caller_id or None, timeout=30)
    dial.number(desk_number)
    return str(response)
