"""The channels citizens reach the gateway on, and how each is answered.

Every report, message and text names its channel; this registry is the one place that says what a
channel is and which providers carry it. A new channel is one entry here plus its provider's
folder under `gateway/providers/` (found by name, see `gateway.providers.registry`). Asking for a
channel that is not registered raises `UnknownChannelError`: a text is never sent as SMS by
accident.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


class UnknownChannelError(ValueError):
    """A channel name that is not in `CHANNELS`."""


@dataclass(frozen=True, slots=True)
class Channel:
    """One way citizens reach the gateway, and how they are answered on it."""

    name: str
    transport: str  # how the citizen reaches us: telephony, sms, whatsapp, http
    address: str  # what identifies the citizen: "msisdn" (E.164), or "none"
    max_parts: int  # SMS parts a text on this channel may take (0: no texts go out on it)
    texts_via: str  # the channel that carries this reporter's replies and status texts
    # The provider packages (gateway/providers/<name>/) that carry this channel; texts on it go
    # out through the first, except on "sms", where SMS_BACKEND chooses.
    providers: tuple[str, ...] = ()


CHANNELS: Mapping[str, Channel] = {
    "voice": Channel("voice", "telephony", "msisdn", 0, "sms", ("twilio",)),
    "sms": Channel("sms", "sms", "msisdn", 2, "sms", ("twilio", "kannel")),
    "whatsapp": Channel("whatsapp", "whatsapp", "msisdn", 2, "whatsapp", ("twilio",)),
    "web": Channel("web", "http", "none", 0, "sms"),
    # Another system's Open311 service request; its reporter, if a number was given, is texted.
    "open311": Channel("open311", "http", "none", 0, "sms"),
}


def channel(name: str) -> Channel:
    """The registered channel `name`; raises `UnknownChannelError` for any other."""
    try:
        return CHANNELS[name]
    except KeyError:
        raise UnknownChannelError(f"unknown channel {name!r}") from None


def texts_channel(name: str) -> Channel:
    """The channel a reporter who came in on `name` is texted on (a caller gets SMS)."""
    return channel(channel(name).texts_via)
