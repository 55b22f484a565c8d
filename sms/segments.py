"""SMS segment counting: GSM-7 (160 per SMS, 153 per part) or UCS-2 (70, 67 per part).

One character outside the GSM 03.38 alphabet makes the whole message UCS-2. Characters of the
GSM extension table (such as { } [ ] ~ \\ | ^ and the euro sign) take two septets. Characters
outside the Basic Multilingual Plane (most emoji) take two UCS-2 code units.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")
MAX_BODY = 1600  # Twilio's limit for one message body


@dataclass(frozen=True, slots=True)
class Segments:
    """How a text is sent: its encoding, its length in units and the SMS parts it takes."""

    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, 16-bit code units for UCS-2
    count: int


def is_gsm7(text: str) -> bool:
    """Whether `text` fits the GSM 7-bit alphabet (160 characters a part)."""
    return all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text)


def count_segments(text: str) -> Segments:
    """How many SMS parts `text` needs, and in which encoding."""
    if is_gsm7(text):
        units = sum(2 if ch in GSM_EXTENSION else 1 for ch in text)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)
        single, part, encoding = 70, 67, "UCS-2"
    if units <= single:
        return Segments(encoding, units, 1 if units else 0)
    return Segments(encoding, units, -(-units // part))


def fit(text: str, max_segments: int = 2) -> str:
    """`text` cut at a word boundary, with an ellipsis, so it fits in `max_segments` parts and
    Twilio's 1,600-character limit. Texts that fit are returned unchanged."""
    text = text[:MAX_BODY]
    if count_segments(text).count <= max_segments:
        return text
    suffix = "..."
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(" ,.;:") + suffix
        if count_segments(candidate).count <= max_segments:
            return candidate
    cut = text
    while cut and count_segments(cut + suffix).count > max_segments:
        cut = cut[:-1]
    return cut + suffix
