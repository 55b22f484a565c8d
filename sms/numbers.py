"""Phone numbers: normalisation to E.164 and masking for logs and restricted pages.

Indonesian numbers are written many ways (0812..., 62812..., +62 812-...); everything stored is
E.164. Twilio marks WhatsApp senders as `whatsapp:+62...` and hidden callers with placeholders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_E164 = re.compile(r"\+[1-9][0-9]{6,14}")  # ASCII digits: \d would take other scripts' too
# Twilio's placeholders for callers whose number is withheld or unknown.
_WITHHELD = {"", "anonymous", "restricted", "unknown", "private", "+266696687", "+86282452253"}


@dataclass(frozen=True, slots=True)
class Address:
    """A sender or recipient: the E.164 number (None when withheld) and the channel it came on."""

    number: str | None
    channel: str  # "voice", "sms" or "whatsapp"


def normalize_msisdn(raw: str | None, country_code: str = "62") -> str | None:
    """Return `raw` as E.164, or None when it is withheld or not a phone number."""
    if raw is None:
        return None
    text = raw.strip()
    if text.lower() in _WITHHELD:
        return None
    text = re.sub(r"[\s\-().]", "", text)
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("0"):
        text = "+" + country_code + text[1:]
    elif text.startswith(country_code) and not text.startswith("+"):
        text = "+" + text
    if text in _WITHHELD or not _E164.fullmatch(text):
        return None
    return text


def parse_address(raw: str | None, default_channel: str) -> Address:
    """Split Twilio's `whatsapp:+62...` form into number and channel."""
    text = (raw or "").strip()
    if text.lower().startswith("whatsapp:"):
        return Address(normalize_msisdn(text.split(":", 1)[1]), "whatsapp")
    return Address(normalize_msisdn(text), default_channel)


def mask_msisdn(number: str | None) -> str:
    """'+6281234567890' -> '+62812*****890': enough to tell numbers apart, not to dial them."""
    if not number:
        return "-"
    if len(number) <= 7:
        return number[:2] + "*" * (len(number) - 2)
    return number[:6] + "*" * (len(number) - 9) + number[-3:]
