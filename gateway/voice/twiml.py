"""Rendering the engine's channel-neutral steps to TwiML with twilio's `VoiceResponse`.

The TwiML is that of the voice platform (`gateway.voice.platforms`): on Somleng only the verbs
and attributes its interpreter executes, the operator reached by <Dial>, and every prompt played
from audio. Every URL is absolute, built on the gateway's public address. When the caller does
nothing Twilio falls through to the verb after <Gather> or <Record>, so a <Redirect> carries them
to the same action with `noinput=1`; on Somleng <Gather actionOnEmptyResult> posts instead. How
a prompt is spoken (audio files or <Say>) is `gateway.voice.speaking`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from twilio.twiml.voice_response import VoiceResponse

from gateway.settings import Settings
from gateway.voice.platforms import Platform, platform_named
from gateway.voice.speaking import APOLOGY, PromptUrl, Voice, no_audio
from ivr_flows.steps import Audio, Gather, Handoff, Hangup, Pause, Record, Say, Step

HOLD_PAUSE_SECONDS = 10


@dataclass(frozen=True)
class Urls:
    """The callback URLs a turn's TwiML points at, all absolute, and the base they are on."""

    base: str
    action: str
    recording_callback: str
    hold: str


def _with(url: str, query: str) -> str:
    return url + ("&" if "?" in url else "?") + query


@dataclass(frozen=True)
class _Target:
    """Where a rendering goes and with what: the response, the turn's URLs and the settings."""

    response: VoiceResponse
    urls: Urls
    settings: Settings
    platform: Platform
    voice: Voice

    @property
    def noinput(self) -> str:
        return _with(self.urls.action, "noinput=1")


def _say(target: _Target, step: Step) -> None:
    assert isinstance(step, Say | Pause | Audio)
    target.voice.speak(target.response, step)


def _gather(target: _Target, step: Step) -> None:
    assert isinstance(step, Gather)
    options: dict[str, object] = {}
    speech = step.speech_language if target.platform.speech else ""
    if speech:
        options = {"input": "dtmf speech", "language": speech, "speech_timeout": "auto"}
        if step.hints:
            options["hints"] = ", ".join(step.hints)
    elif target.platform.speech:
        options = {"input": "dtmf"}
    if target.platform.input_always_posts:
        options["action_on_empty_result"] = True
    # finishOnKey="" makes # a key like the others (Twilio's default ends the input on #).
    finish = "" if step.hash_is_key else step.finish_on_key or None
    gather = target.response.gather(
        num_digits=step.num_digits, timeout=step.timeout_seconds,
        action=target.urls.action, method="POST", finish_on_key=finish, **options)
    for prompt in step.prompts:
        target.voice.speak(gather, prompt)
    if not target.platform.input_always_posts:
        # Twilio falls through to the next verb when the caller does nothing.
        target.response.redirect(target.noinput, method="POST")


def _record(target: _Target, step: Step) -> None:
    assert isinstance(step, Record)
    target.response.record(
        action=target.urls.action, method="POST", max_length=step.max_seconds,
        finish_on_key=step.finish_on_key, play_beep=True, timeout=step.timeout_seconds,
        recording_status_callback=target.urls.recording_callback,
        recording_status_callback_method="POST", **target.platform.record_options)
    if not target.platform.input_always_posts:
        target.response.redirect(target.noinput, method="POST")


def _handoff(target: _Target, step: Step) -> None:
    assert isinstance(step, Handoff)
    done, settings = _with(target.urls.action, "handoff=1"), target.settings
    if settings.OPERATOR_HANDOFF == "dial" or not target.platform.queues:
        dial = target.response.dial(action=done, method="POST",
                                    timeout=min(step.max_wait_seconds, 600),
                                    **target.platform.dial_options)
        dial.number(settings.OPERATOR_NUMBER)
    else:
        target.response.enqueue(step.queue, action=done, method="POST",
                                wait_url=target.urls.hold, wait_url_method="POST")


def _hangup(target: _Target, step: Step) -> None:
    target.response.hangup()


# How each kind of step becomes TwiML; a new step type adds its renderer here.
RENDERERS: dict[type, Callable[[_Target, Step], None]] = {
    Say: _say, Pause: _say, Audio: _say, Gather: _gather, Record: _record, Handoff: _handoff,
    Hangup: _hangup,
}


def render(steps: tuple[Step, ...], urls: Urls, settings: Settings,
           prompt_url: PromptUrl = no_audio) -> str:
    """TwiML for `steps`; input (digits, speech, recordings, silence) goes to `urls.action`."""
    platform = platform_named(settings.VOICE_PLATFORM)
    voice = Voice(settings, platform, urls.base, prompt_url)
    target = _Target(VoiceResponse(), urls, settings, platform, voice)
    for step in steps:
        RENDERERS[type(step)](target, step)
    return str(target.response)


def hold(texts: list[str], language: str, settings: Settings) -> str:
    """The queue's wait music (Twilio's <Enqueue> only): where the caller stands and an
    apology, then a pause; Twilio requests it again when it ends."""
    response = VoiceResponse()
    voice = Voice(settings, platform_named(settings.VOICE_PLATFORM), "", no_audio)
    for text in texts:
        voice.speak(response, Say(text, language))
    response.pause(length=HOLD_PAUSE_SECONDS)
    return str(response)


def leave_queue() -> str:
    """TwiML that takes a caller out of the operators' queue."""
    response = VoiceResponse()
    response.leave()
    return str(response)


def apology(settings: Settings, base: str, prompt_url: PromptUrl = no_audio) -> str:
    """What a caller hears when the gateway fails: the apology (its audio file when one was
    built or recorded) and a clean hang-up."""
    response = VoiceResponse()
    Voice(settings, platform_named(settings.VOICE_PLATFORM), base, prompt_url).speak(
        response, APOLOGY)
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


def alert_call(settings: Settings, base: str, say: Say, audio_path: str | None,
               prompt_url: PromptUrl = no_audio) -> str:
    """The TwiML of a farmers' voice alert: the advice item, played (an uploaded recording, or
    its rendering) or read, then the end of the call."""
    response = VoiceResponse()
    voice = Voice(settings, platform_named(settings.VOICE_PLATFORM), base, prompt_url)
    voice.speak(response, Audio(audio_path) if audio_path else say)
    response.hangup()
    return str(response)


def connect_desk(desk_number: str, caller_id: str) -> str:
    """Take a waiting caller out of the queue to an operator's desk phone."""
    response = VoiceResponse()
    dial = response.dial(caller_id=caller_id or None, timeout=30)
    dial.number(desk_number)
    return str(response)
