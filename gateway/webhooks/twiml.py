"""Rendering the engine's channel-neutral steps to TwiML with twilio's `VoiceResponse`.

Only verbs that self-hosted TwiML platforms (Somleng) also run are used. After every <Gather>
and <Record> a <Redirect> carries the caller to the same action with `noinput=1`, because Twilio
falls through to the next verb when the caller does nothing.
"""

from __future__ import annotations

from twilio.twiml.voice_response import Gather as TwimlGather
from twilio.twiml.voice_response import VoiceResponse

from ivr_flows.steps import Gather, Hangup, Pause, Record, Say, Step

SPEECH_LANGUAGE = {"id": "id-ID", "jv": "id-ID", "en": "en-US"}

APOLOGY = (
    "Mohon maaf, sedang ada gangguan pada sistem kami. "
    "Silakan hubungi kami kembali beberapa saat lagi. Terima kasih."
)


def _say(target: VoiceResponse | TwimlGather, step: Say | Pause, voice: str) -> None:
    if isinstance(step, Pause):
        target.pause(length=step.seconds)
        return
    language = SPEECH_LANGUAGE.get(step.language, "id-ID")
    # The configured voice is an Indonesian one; other languages use the provider's default.
    chosen = voice if voice and language == "id-ID" else None
    target.say(step.text, language=language, voice=chosen)


def render(
    steps: tuple[Step, ...], action_url: str, recording_callback_url: str, voice: str
) -> str:
    """TwiML for `steps`; input (digits, recordings, silence) goes to `action_url`."""
    response = VoiceResponse()
    noinput_url = action_url + ("&" if "?" in action_url else "?") + "noinput=1"
    for step in steps:
        if isinstance(step, Say | Pause):
            _say(response, step, voice)
        elif isinstance(step, Gather):
            gather = response.gather(
                input="dtmf", num_digits=step.num_digits, timeout=step.timeout_seconds,
                action=action_url, method="POST",
                finish_on_key=step.finish_on_key or None,
            )
            for prompt in step.prompts:
                _say(gather, prompt, voice)
            response.redirect(noinput_url, method="POST")
        elif isinstance(step, Record):
            response.record(
                action=action_url, method="POST", max_length=step.max_seconds,
                finish_on_key=step.finish_on_key, play_beep=True, trim="trim-silence",
                timeout=step.timeout_seconds,
                recording_status_callback=recording_callback_url,
                recording_status_callback_method="POST",
                recording_status_callback_event="completed",
            )
            response.redirect(noinput_url, method="POST")
        elif isinstance(step, Hangup):
            response.hangup()
    return str(response)


def apology(voice: str) -> str:
    """What a caller hears when the gateway fails: a spoken apology and a clean hang-up."""
    response = VoiceResponse()
    response.say(APOLOGY, language="id-ID", voice=voice or None)
    response.hangup()
    return str(response)
