"""What every outbound sender promises: `send` a text, or raise one of two errors; and
`ChannelSender`, which sends each text with the sender of its channel.

`TransientError` is for what may work on a later try (network, timeouts, provider 5xx);
`PermanentError` for what never will (recipient opted out, bad number, unknown channel). The
worker retries the first with backoff and marks the second failed. Error messages go into logs
and `outbox.last_error`: they never carry a URL with credentials, a password or a full number.
`gateway.providers.registry.make_sender` picks the senders from the settings.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from gateway.channels import UnknownChannelError, channel
from sms.numbers import mask_msisdn

log = logging.getLogger(__name__)

# Connect and read timeouts for every call to a provider: a provider that accepts a connection
# and never answers must not hold the worker.
TIMEOUTS = (5.0, 15.0)


class TransientError(Exception):
    """Worth trying again later."""


class PermanentError(Exception):
    """Will never succeed; give up."""


@dataclass(frozen=True)
class Sent:
    """A text the provider accepted: its id there and its first status."""

    provider: str
    provider_id: str | None
    status: str


class SmsSender(Protocol):
    """Anything that sends texts: a provider's sender, the console, a test's fake."""

    provider: str

    def send(self, to: str, body: str, channel: str, reference: str) -> Sent:
        """Send `body` to `to` (E.164) on `channel`; `reference` names the message in the
        delivery reports that come back."""
        ...


class ConsoleSender:
    """Development backend: writes the message to the log instead of sending it."""

    provider = "console"

    def send(self, to: str, body: str, channel: str, reference: str) -> Sent:
        log.info("%s (console) to %s: %s", channel.upper(), mask_msisdn(to), body)
        return Sent(self.provider, None, "sent")


class Caller(Protocol):
    """Anything that places an outbound call playing TwiML (the farmers' voice alerts)."""

    provider: str

    def place(self, to: str, twiml: str) -> Sent:
        """Call `to` (E.164) and play `twiml` when they answer."""
        ...


class ConsoleCaller:
    """Development backend for calls: logs the call instead of placing it."""

    provider = "console"

    def place(self, to: str, twiml: str) -> Sent:
        log.info("CALL (console) to %s: %d bytes of TwiML", mask_msisdn(to), len(twiml))
        return Sent(self.provider, None, "queued")


class ChannelSender:
    """Sends each text with the sender registered for its channel; a channel without one (or
    not registered at all) is a `PermanentError`, never SMS by accident."""

    def __init__(self, senders: Mapping[str, SmsSender]) -> None:
        self.senders = dict(senders)
        self.provider = self.senders["sms"].provider

    def send(self, to: str, body: str, channel_name: str, reference: str) -> Sent:
        try:
            name = channel(channel_name).name
        except UnknownChannelError as exc:
            raise PermanentError(str(exc)) from None
        sender = self.senders.get(name)
        if sender is None:
            raise PermanentError(f"no sender for texts on channel {channel_name!r}")
        return sender.send(to, body, name, reference)
