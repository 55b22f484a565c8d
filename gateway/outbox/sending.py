"""What every outbound sender promises: `send` a text, or raise one of two errors.

`TransientError` is for what may work on a later try (network, timeouts, provider 5xx);
`PermanentError` for what never will (recipient opted out, bad number, unknown channel). The
worker retries the first with backoff and marks the second failed. Error messages go into logs
and `outbox.last_error`: they never carry a URL with credentials, a password or a full number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

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
    provider: str
    provider_id: str | None
    status: str


class SmsSender(Protocol):
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
