"""Twilio's REST API through its helper library: sending SMS and WhatsApp texts, placing the
farmers' voice alerts, and moving a live call to an operator's desk ("take call"). Every
request times out."""

from __future__ import annotations

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from gateway.providers.sending import TIMEOUTS, PermanentError, Sent, TransientError
from gateway.settings import Settings
from gateway.voice import twiml

# Twilio error codes that no retry will fix: invalid or unreachable numbers, opted-out recipients.
PERMANENT_TWILIO_CODES = {21211, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006}


class TimeoutHttpClient(TwilioHttpClient):  # type: ignore[misc]  # twilio is untyped
    """twilio's HTTP client with separate connect and read timeouts: its constructor takes a
    single number, requests takes the pair."""

    def __init__(self, connect: float, read: float) -> None:
        super().__init__(timeout=read)
        self.timeout = (connect, read)


def twilio_client(settings: Settings, timeouts: tuple[float, float] = TIMEOUTS) -> Client:
    """A REST client for the account, whose every request times out. Its API address is
    VOICE_API_URL: Twilio's, or a Somleng's (whose REST API is Twilio's)."""
    client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN.get_secret_value(),
                    http_client=TimeoutHttpClient(*timeouts))
    if settings.VOICE_API_URL.rstrip("/") != "https://api.twilio.com":
        client.api.base_url = settings.VOICE_API_URL.rstrip("/")
    return client


def _failure(exc: Exception) -> Exception:
    """A provider failure as the worker's permanent or passing error."""
    if isinstance(exc, TwilioRestException):
        reason = f"twilio error {exc.code}: {str(exc.msg)[:200]}"
        if exc.code in PERMANENT_TWILIO_CODES or 400 <= (exc.status or 500) < 500:
            return PermanentError(reason)
        return TransientError(reason)
    if isinstance(exc, requests.Timeout):
        return TransientError("twilio did not answer in time")
    return TransientError(f"twilio unreachable: {type(exc).__name__}")


class TwilioCaller:
    """Places outbound calls (voice alerts) through the Calls API, on Twilio or Somleng."""

    provider = "twilio"

    def __init__(self, settings: Settings, client: Client | None = None) -> None:
        self.settings = settings
        self.client = client or twilio_client(settings)

    def place(self, to: str, twiml_xml: str) -> Sent:
        if not (self.settings.TWILIO_ACCOUNT_SID and self.settings.TWILIO_PHONE_NUMBER):
            raise PermanentError("Twilio is not configured (TWILIO_ACCOUNT_SID, "
                                 "TWILIO_PHONE_NUMBER): cannot call")
        try:
            call = self.client.calls.create(to=to, from_=self.settings.TWILIO_PHONE_NUMBER,
                                            twiml=twiml_xml)
        except (TwilioRestException, requests.RequestException) as exc:
            raise _failure(exc) from None
        return Sent(self.provider, call.sid, call.status or "queued")


class TwilioSender:
    """Sends SMS and WhatsApp texts through Twilio's Messages API."""

    provider = "twilio"

    def __init__(self, settings: Settings, client: Client | None = None,
                 timeouts: tuple[float, float] = TIMEOUTS) -> None:
        self.settings = settings
        self.client = client or twilio_client(settings, timeouts)

    def send(self, to: str, body: str, channel: str, reference: str) -> Sent:
        if not (self.settings.TWILIO_ACCOUNT_SID and self.settings.TWILIO_PHONE_NUMBER):
            raise PermanentError("Twilio is not configured (TWILIO_ACCOUNT_SID, "
                                 "TWILIO_PHONE_NUMBER): cannot send")
        prefix = "whatsapp:" if channel == "whatsapp" else ""
        callback = (f"{self.settings.PUBLIC_BASE_URL}/twilio/sms/status"
                    if self.settings.PUBLIC_BASE_URL else None)
        try:
            message = self.client.messages.create(
                to=prefix + to, from_=prefix + self.settings.TWILIO_PHONE_NUMBER, body=body,
                status_callback=callback)
        except (TwilioRestException, requests.RequestException) as exc:
            raise _failure(exc) from None
        return Sent(self.provider, message.sid, message.status or "queued")


class TakeCallError(Exception):
    """Twilio would not connect the call; the message says why, for the operator."""


def connect_to_desk(settings: Settings, call_sid: str, desk_number: str) -> None:
    """Move the caller `call_sid` out of the queue into a call to `desk_number`."""
    if not settings.TWILIO_ACCOUNT_SID:
        raise TakeCallError("TWILIO_ACCOUNT_SID belum diatur: panggilan tidak dapat diambil.")
    try:
        twilio_client(settings).calls(call_sid).update(
            twiml=twiml.connect_desk(desk_number, settings.TWILIO_PHONE_NUMBER))
    except TwilioRestException as exc:
        raise TakeCallError(f"Gagal menyambungkan: {str(exc.msg)[:200]}") from None
