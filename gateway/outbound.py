"""Outbound channels the worker uses: SMS senders and the recording fetcher.

Each raises `TransientError` for what may work on a later try (network, provider 5xx) and
`PermanentError` for what never will (recipient opted out, recording deleted); the worker retries
the first with backoff and marks the second failed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from gateway.settings import Settings
from sms.numbers import mask_msisdn

log = logging.getLogger(__name__)

# Twilio error codes that no retry will fix: invalid or unreachable numbers, opted-out recipients.
PERMANENT_TWILIO_CODES = {21211, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006}


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

    def send(self, to: str, body: str) -> Sent: ...


class ConsoleSender:
    """Development backend: writes the message to the log instead of sending it."""

    provider = "console"

    def send(self, to: str, body: str) -> Sent:
        log.info("SMS (console) to %s: %s", mask_msisdn(to), body)
        return Sent(self.provider, None, "sent")


class TwilioSender:
    provider = "twilio"

    def __init__(self, settings: Settings, client: Client | None = None) -> None:
        self.settings = settings
        self.client = client or Client(settings.TWILIO_ACCOUNT_SID,
                                       settings.TWILIO_AUTH_TOKEN.get_secret_value())

    def send(self, to: str, body: str) -> Sent:
        callback = (f"{self.settings.PUBLIC_BASE_URL}/twilio/sms/status"
                    if self.settings.PUBLIC_BASE_URL else None)
        try:
            message = self.client.messages.create(
                to=to, from_=self.settings.TWILIO_PHONE_NUMBER, body=body,
                status_callback=callback,
            )
        except TwilioRestException as exc:
            reason = f"twilio error {exc.code}: {exc.msg}"
            if exc.code in PERMANENT_TWILIO_CODES or 400 <= (exc.status or 500) < 500:
                raise PermanentError(reason) from exc
            raise TransientError(reason) from exc
        except requests.RequestException as exc:
            raise TransientError(f"twilio unreachable: {exc}") from exc
        return Sent(self.provider, message.sid, message.status or "queued")


class PendingSender:
    """A backend that is configured but not available in this version: keep messages queued."""

    def __init__(self, provider: str) -> None:
        self.provider = provider

    def send(self, to: str, body: str) -> Sent:
        raise TransientError(f"SMS backend {self.provider!r} is not available yet; kept queued")


def make_sender(settings: Settings) -> SmsSender:
    if settings.SMS_BACKEND == "twilio":
        return TwilioSender(settings)
    if settings.SMS_BACKEND == "kannel":
        return PendingSender("kannel")
    return ConsoleSender()


class RecordingFetcher:
    """Downloads a Twilio recording with the account's credentials."""

    def __init__(self, settings: Settings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self.http = session or requests.Session()

    def fetch(self, url: str, target: Path) -> Path:
        if not self.settings.TWILIO_ACCOUNT_SID:
            raise PermanentError("TWILIO_ACCOUNT_SID is not set: cannot download recordings")
        token = self.settings.TWILIO_AUTH_TOKEN.get_secret_value()
        auth = (self.settings.TWILIO_ACCOUNT_SID, token)
        try:
            response = self.http.get(url + ".wav", auth=auth, timeout=30)
        except requests.RequestException as exc:
            raise TransientError(f"download failed: {exc}") from exc
        if response.status_code in (401, 403, 404):
            raise PermanentError(f"download refused: HTTP {response.status_code}")
        if response.status_code != 200 or not response.content:
            raise TransientError(f"download failed: HTTP {response.status_code}")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        partial.write_bytes(response.content)
        partial.replace(target)  # readers never see half a file
        return target
