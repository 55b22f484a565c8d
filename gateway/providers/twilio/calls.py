"""Redirecting a live call through Twilio's REST API (the operator's "take call")."""

from __future__ import annotations

from twilio.base.exceptions import TwilioRestException

from gateway.providers.twilio.sender import twilio_client
from gateway.settings import Settings
from gateway.voice import twiml


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
