"""How a prompt reaches the caller's ear: played from audio files, or as <Say> text.

With `VOICE_PROMPTS=auto`, a fixed prompt plays its recorded or rendered file, and a prompt with
call-time values (a ticket, a status, an agency, a category or place) plays its clips
(`Say.clips`: the template's own words, digits, names) when every clip has a file. Otherwise its
text goes to <Say>: with the configured provider voice on Twilio; on Somleng, which has no
Indonesian voice, without a voice name, as a last resort that `lapor config check` warns of.
Silence is <Pause> on Twilio and a silent file on Somleng, which has no <Pause>.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Callable
from functools import cache

from twilio.twiml.voice_response import Gather as TwimlGather
from twilio.twiml.voice_response import VoiceResponse

from gateway.settings import Settings
from gateway.voice.platforms import Platform
from ivr_flows.steps import Audio, Pause, Say

# Javanese has no text-to-speech voice; the Indonesian one reads it understandably.
SAY_LANGUAGE = {"id": "id-ID", "jv": "id-ID", "en": "en-US"}
APOLOGY_TEXT = (
    "Mohon maaf, sedang ada gangguan pada sistem kami. "
    "Silakan hubungi kami kembali beberapa saat lagi. Terima kasih."
)
# Heard when the gateway itself fails; `lapor prompts build` renders it with the flows' prompts.
APOLOGY = Say(APOLOGY_TEXT, "id", "apology")
SILENCE_PATH = "/prompts/silence.wav"
SILENCE_RATE = 8000

PromptUrl = Callable[[Say], str | None]


def no_audio(_say: Say) -> str | None:
    """A prompt library with no files: everything is spoken by <Say>."""
    return None


@cache
def silence_wav(seconds: int = 1) -> bytes:
    """`seconds` of silence as a WAV file (8 kHz, 16-bit mono), for <Play loop="n">."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SILENCE_RATE)
        wav.writeframes(b"\x00\x00" * SILENCE_RATE * seconds)
    return out.getvalue()


class Voice:
    """Speaks prompts into a TwiML response for one platform, on the gateway's public `base`."""

    def __init__(self, settings: Settings, platform: Platform, base: str,
                 prompt_url: PromptUrl) -> None:
        self.settings = settings
        self.platform = platform
        self.base = base
        self.prompt_url = prompt_url if settings.VOICE_PROMPTS == "auto" else no_audio

    def _file(self, say: Say) -> str | None:
        path = self.prompt_url(say)
        return self.base + path if path else None

    def audio(self, say: Say) -> list[str | Pause] | None:
        """The absolute URLs (and silences) that speak `say`; None when a file is missing."""
        if say.prompt_id:
            url = self._file(say)
            return [url] if url else None
        if not say.clips:
            return None
        played: list[str | Pause] = []
        for clip in say.clips:
            if isinstance(clip, Pause):
                played.append(clip)
                continue
            url = self._file(clip)
            if url is None:
                return None
            played.append(url)
        return played

    def speak(self, target: VoiceResponse | TwimlGather, step: Say | Pause | Audio) -> None:
        """Add the verbs that speak `step` to `target` (a response or a <Gather>)."""
        if isinstance(step, Pause):
            self.pause(target, step.seconds)
            return
        if isinstance(step, Audio):
            target.play(self.base + step.path)
            return
        audio = self.audio(step)
        if audio is not None:
            for played in audio:
                if isinstance(played, Pause):
                    self.pause(target, played.seconds)
                else:
                    target.play(played)
            return
        language = SAY_LANGUAGE.get(step.language, "id-ID")
        # The configured voice is an Indonesian one; English uses the provider's default voice.
        voice = self.settings.SAY_VOICE if self.platform.provider_voices and language == "id-ID" \
            else None
        target.say(step.text, language=language, voice=voice or None)

    def pause(self, target: VoiceResponse | TwimlGather, seconds: int) -> None:
        """Silence: <Pause>, or a silent file played `seconds` times where there is no <Pause>."""
        if self.platform.pause_verb:
            target.pause(length=seconds)
        else:
            target.play(self.base + SILENCE_PATH, loop=seconds)
