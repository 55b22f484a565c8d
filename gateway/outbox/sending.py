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
from sms.segments import is_gsm7

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

    def send(self, to: str, body: str, channel: str, reference: int) -> Sent:
        """Send `body` to `to` (E.164) on `channel` (sms or whatsapp); `reference` is our
        message id, for delivery reports."""
        ...


class ConsoleSender:
    """Development backend: writes the message to the log instead of sending it."""

    provider = "console"

    def send(self, to: str, body: str, channel: str, reference: int) -> Sent:
        log.info("%s (console) to %s: %s", channel.upper(), mask_msisdn(to), body)
        return Sent(self.provider, None, "sent")


class TwilioSender:
    provider = "twilio"

    def __init__(self, settings: Settings, client: Client | None = None) -> None:
        self.settings = settings
        self.client = client or Client(settings.TWILIO_ACCOUNT_SID,
                                       settings.TWILIO_AUTH_TOKEN.get_secret_value())

    def send(self, to: str, body: str, channel: str, reference: int) -> Sent:
        if not (self.settings.TWILIO_ACCOUNT_SID and self.settings.TWILIO_PHONE_NUMBER):
            raise PermanentError("Twilio is not configured (TWILIO_ACCOUNT_SID, "
                                 "TWILIO_PHONE_NUMBER): cannot send")
        prefix = "whatsapp:" if channel == "whatsapp" else ""
        callback = (f"{self.settings.PUBLIC_BASE_URL}/twilio/sms/status"
                    if self.settings.PUBLIC_BASE_URL else None)
        try:
            message = self.client.messages.create(
                to=prefix + to, from_=prefix + self.settings.TWILIO_PHONE_NUMBER, body=body,
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


class KannelSender:
    """Sends through Kannel's smsbox sendsms interface, asking for delivery reports."""

    provider = "kannel"

    def __init__(self, settings: Settings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self.http = session or requests.Session()

    def send(self, to: str, body: str, channel: str, reference: int) -> Sent:
        if channel != "sms":
            raise PermanentError(f"Kannel cannot send {channel} messages")
        settings = self.settings
        callback = settings.KANNEL_CALLBACK_URL or settings.PUBLIC_BASE_URL
        params = {
            "username": settings.KANNEL_USERNAME,
            "password": settings.KANNEL_PASSWORD.get_secret_value(),
            "to": to, "text": body, "charset": "UTF-8",
            # Without coding=2 anything outside GSM-7 (emoji, many names) arrives as "?".
            "coding": "0" if is_gsm7(body) else "2",
        }
        if settings.KANNEL_FROM:
            params["from"] = settings.KANNEL_FROM
        if callback:
            secret = settings.KANNEL_SECRET.get_secret_value()
            params["dlr-mask"] = "31"
            params["dlr-url"] = f"{callback}/kannel/dlr?secret={secret}&ref={reference}&type=%d"
        try:
            response = self.http.get(settings.KANNEL_SENDSMS_URL, params=params, timeout=15)
        except requests.RequestException as exc:
            raise TransientError(f"kannel unreachable: {exc}") from exc
        if response.status_code not in (200, 202) or not response.text.startswith("0:"):
            raise TransientError(f"kannel refused: HTTP {response.status_code} "
                                 f"{response.text.strip()[:80]}")
        return Sent(self.provider, None, "queued")


class ChannelSender:
    """Texts go through the configured SMS backend; WhatsApp always through Twilio."""

    def __init__(self, sms: SmsSender, whatsapp: SmsSender) -> None:
        self.sms, self.whatsapp = sms, whatsapp
        self.provider = sms.provider

    def send(self, to: str, body: str, channel: str, reference: int) -> Sent:
        sender = self.whatsapp if channel == "whatsapp" else self.sms
        return sender.send(to, body, channel, reference)


def make_sender(settings: Settings) -> SmsSender:
    whatsapp = TwilioSender(settings)
    if settings.SMS_BACKEND == "twilio":
        return ChannelSender(whatsapp, whatsapp)
    if settings.SMS_BACKEND == "kannel":
        return ChannelSender(KannelSender(settings), whatsapp)
    return ChannelSender(ConsoleSender(), ConsoleSender())


class RecordingFetcher:
    """Downloads Twilio recordings and message photos with the account's credentials."""

    def __init__(self, settings: Settings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self.http = session or requests.Session()

    def fetch(self, url: str, target: Path) -> Path:
        """Download `url` (a Twilio recording or media URL) to `target`, atomically."""
        if not self.settings.TWILIO_ACCOUNT_SID:
            raise PermanentError("TWILIO_ACCOUNT_SID is not set: cannot download from Twilio")
        token = self.settings.TWILIO_AUTH_TOKEN.get_secret_value()
        auth = (self.settings.TWILIO_ACCOUNT_SID, token)
        try:
            response = self.http.get(url, auth=auth, timeout=30)
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
