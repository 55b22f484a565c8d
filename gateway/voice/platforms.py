"""The voice platforms the hotline runs on, and how their TwiML differs (`VOICE_PLATFORM`).

Twilio runs every verb the gateway uses. Somleng (open source, self-hosted, Twilio-compatible)
runs a subset. What follows was read in its interpreter, somleng/somleng-switch at commit
3442ba84 (2026-04-14), under `components/app/app/`, and in its API, somleng/somleng at dcdc7557:

- `workflows/execute_twiml.rb`: the verbs are Play, Gather, Redirect, Say, Dial, Hangup, Record,
  Reject and Connect; any other (<Pause>, <Enqueue>, <Leave>) raises "Invalid element" and the
  rest of the document is dropped.
- `models/twiml/gather_verb.rb`: Gather reads action, method, timeout, numDigits, finishOnKey and
  actionOnEmptyResult, nests only Say and Play, and has no speech input.
  `workflows/execute_gather.rb`: with no digits it falls through to the next verb, unless
  actionOnEmptyResult="true", when it posts to `action` without Digits.
- `models/twiml/record_verb.rb`: action, method, recordingStatusCallback(+Method), maxLength,
  timeout, playBeep, finishOnKey. `workflows/execute_record.rb` posts RecordingUrl and
  RecordingDuration (no RecordingSid) to `action`, and hands recordingStatusCallback to the API,
  which accepts only an absolute http(s) URL (`app/request_schemas/services/
  recording_request_schema.rb`).
- `workflows/execute_play.rb`: Play hands its text to playback unresolved: absolute URLs only.
- `models/twiml/dial_verb.rb`: action, method, callerId, timeout; nests Number or Sip.
  `workflows/execute_dial.rb` posts DialCallStatus (completed, no-answer, busy, failed).
- `workflows/resolve_tts_voice.rb`: an unknown voice falls back to the account's default voice,
  and none speaks Indonesian: on Somleng every prompt is played from audio.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Platform:
    """What one voice platform executes, as the renderer needs to know it."""

    name: str
    speech: bool  # <Gather input="speech">
    queues: bool  # <Enqueue>, <Leave> and its wait music
    pause_verb: bool  # <Pause>; without it silence is played from a file
    input_always_posts: bool  # <Gather actionOnEmptyResult>, and <Record> that always posts,
    # so no <Redirect> follows them for a caller who does nothing
    provider_voices: bool  # <Say voice="..."> with a provider voice name
    audio_only: bool  # every prompt must be an audio file; <Say> only as a last resort
    record_options: Mapping[str, Any] = field(default_factory=dict)
    dial_options: Mapping[str, Any] = field(default_factory=dict)


TWILIO = Platform(
    "twilio", speech=True, queues=True, pause_verb=True, input_always_posts=False,
    provider_voices=True, audio_only=False,
    record_options=MappingProxyType({"trim": "trim-silence",
                                     "recording_status_callback_event": "completed"}),
    dial_options=MappingProxyType({"answer_on_bridge": True}))
SOMLENG = Platform(
    "somleng", speech=False, queues=False, pause_verb=False, input_always_posts=True,
    provider_voices=False, audio_only=True)
PLATFORMS: Mapping[str, Platform] = MappingProxyType({p.name: p for p in (TWILIO, SOMLENG)})


def platform_named(name: str) -> Platform:
    """The platform a `VOICE_PLATFORM` value names; `KeyError` for an unknown one."""
    return PLATFORMS[name]
