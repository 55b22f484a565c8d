"""Twilio's webhook fields, read once into the gateway's own types.

Every value is read defensively: a signed request may still carry anything (a `NumMedia` of
'²' or of 5,000 digits, a NUL byte, a 100-character id), and none of it may make a webhook fail.

Fields used (form-encoded POST):
    MessageSid, From, To, Body          every incoming message ("whatsapp:+62..." on WhatsApp)
    NumMedia, MediaUrlN,
    MediaContentTypeN                   attachments (photos are kept; other media are declined)
    MessageStatus, ErrorCode            delivery status of an outgoing message
    CallSid, From, To, CallStatus       every voice request
    Digits; SpeechResult, Confidence    after <Gather>
    RecordingUrl, RecordingSid,
    RecordingDuration, RecordingStatus  after <Record>, and in the recording status callback
                                        (Somleng's <Record> action has no RecordingSid: its id
                                        is the last segment of RecordingUrl, as in its callback)
    QueueResult / DialCallStatus        after <Enqueue> / <Dial> (the operator hand-off)
    QueuePosition, QueueTime            while waiting in the queue (waitUrl)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from gateway.store.recordings import RecordingRef
from gateway.store.values import safe_int, storable, storable_id
from gateway.texting.incoming import IncomingMessage
from ivr_flows.steps import Digits, Event, HandoffEnded, NoInput, Recorded, Speech
from sms.numbers import normalize_msisdn, parse_address

MAX_MEDIA = 10
ANSWERED = {"bridged", "completed", "answered"}
_RECORDING_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{7,63}")


def incoming_message(form: Mapping[str, str]) -> IncomingMessage:
    """The message in a `/twilio/sms` request."""
    sender = parse_address(form.get("From"), "sms")
    recipient = parse_address(form.get("To"), sender.channel)
    media, unsupported = [], 0
    for index in range(min(safe_int(form.get("NumMedia", "0")), MAX_MEDIA)):
        kind = form.get(f"MediaContentType{index}", "")
        url = form.get(f"MediaUrl{index}", "")
        if kind.startswith("image/") and url:
            media.append(storable(url, 1000))
        else:
            unsupported += 1
    return IncomingMessage(
        provider="twilio", provider_id=form.get("MessageSid", ""), channel=sender.channel,
        sender=sender.number, recipient=recipient.number, body=storable(form.get("Body", "")),
        media=tuple(media), unsupported_media=unsupported)


def call_sid(form: Mapping[str, str]) -> str:
    """The CallSid as stored (a hostile one hashed to fit)."""
    sid = form.get("CallSid", "")
    return storable_id(sid) if sid else ""


def caller_number(form: Mapping[str, str], name: str = "From") -> str | None:
    """The E.164 number in field `name` of a Twilio form; None when it is not one."""
    return normalize_msisdn(form.get(name))


def recording_id(url: str) -> str:
    """A recording's stable id from its URL alone: the URL's last path segment (Somleng's
    `.../Recordings/<uuid>`, Twilio's `.../Recordings/RE...`), else a hash of the whole URL."""
    try:
        segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    except ValueError:
        segment = ""
    segment = segment.rsplit(".", 1)[0] if segment.endswith((".wav", ".mp3")) else segment
    return storable_id(segment if _RECORDING_ID.fullmatch(segment) else url)


def recording(form: Mapping[str, str]) -> RecordingRef | None:
    """The recording a request announces; None when it names none."""
    sid, url = form.get("RecordingSid", ""), form.get("RecordingUrl", "")
    if not sid and url.strip():
        sid = recording_id(url)
    if not sid:
        return None
    duration = form.get("RecordingDuration", "")
    return RecordingRef(storable_id(sid), storable(url, 500),
                        safe_int(duration) if duration.strip() else None)


def voice_event(form: Mapping[str, str], args: Mapping[str, str]) -> Event:
    """What the caller (or the telephony) did, from a step's fields and its URL's query."""
    if args.get("handoff") == "1":
        result = form.get("QueueResult") or form.get("DialCallStatus") or ""
        return HandoffEnded(result in ANSWERED)
    ref = recording(form)
    if ref is not None and ref.url:
        return Recorded(ref.url, ref.sid, ref.duration_seconds or 0)
    if args.get("noinput") == "1":
        return NoInput()
    digits = form.get("Digits", "").strip()
    if digits:
        return Digits(storable(digits, 40))
    speech = form.get("SpeechResult", "").strip()
    if speech:
        return Speech(storable(speech, 500), _confidence(form.get("Confidence", "0")))
    return NoInput()


def _confidence(text: str) -> float:
    try:
        value = float(text[:20])
    except ValueError:
        return 0.0
    return value if math.isfinite(value) and 0.0 <= value <= 1.0 else 0.0
