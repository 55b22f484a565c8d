"""Every kind of provider request the gateway keeps, and how each is carried out.

A kind is what the spool records (`twilio.sms`, `kannel.dlr`, ...). Its `handle` carries the
request out with its own short transactions, live from the webhook or later from the spool;
its `fallback`, where it has one, stores the request another way when handling it fails (a
text kept with status `error`).
A provider adds its kinds here with one line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gateway.providers.kannel import handlers as kannel
from gateway.providers.twilio import handlers as twilio
from gateway.runtime import Runtime
from gateway.spool.files import Delivery

Handler = Callable[[Runtime, Delivery], Any]
Fallback = Callable[[Runtime, Delivery], bool]


@dataclass(frozen=True, slots=True)
class Kind:
    handle: Handler
    fallback: Fallback | None = None


KINDS: Mapping[str, Kind] = {
    "twilio.sms": Kind(twilio.receive_message, twilio.keep_message),
    "twilio.sms.status": Kind(twilio.message_status),
    "twilio.voice": Kind(twilio.answer_call),
    "twilio.voice.step": Kind(twilio.call_step),
    "twilio.voice.status": Kind(twilio.call_status),
    "twilio.voice.recording": Kind(twilio.recording_status),
    "kannel.incoming": Kind(kannel.receive_message, kannel.keep_message),
    "kannel.dlr": Kind(kannel.delivery_report),
}
