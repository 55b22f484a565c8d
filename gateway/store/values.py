"""Making provider-given text storable as it is, whatever a request carries.

PostgreSQL refuses a NUL byte in text and a value longer than its column; SQLite takes both. So
every value a provider sends passes through here before it is written: NUL and other bytes no
database keeps become U+FFFD, and an id longer than its column is kept as a hash of the whole id
(the same id always gives the same hash, so repeated deliveries are still recognised).
"""

from __future__ import annotations

import hashlib
import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
ID_LENGTH = 64
_PLAIN_ID = re.compile(r"[A-Za-z0-9._:+@-]+")


def storable(text: str, limit: int | None = None) -> str:
    """`text` with NUL and lone surrogates replaced by U+FFFD, cut to `limit` characters."""
    cleaned = _UNSTORABLE.sub("\ufffd", text)
    return cleaned if limit is None else cleaned[:limit]


def storable_id(value: str, limit: int = ID_LENGTH) -> str:
    """A provider id as stored: itself when it is short and plain, else `h:` and a hash of it."""
    if len(value) <= limit and _PLAIN_ID.fullmatch(value):
        return value
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    return f"h:{digest}"[:limit]


def safe_int(text: str, default: int = 0, limit: int = 10**6) -> int:
    """An ASCII decimal number from a provider field, else `default`; never larger than `limit`
    (int() accepts '²' and other digits, and takes ages on 5,000 of them)."""
    text = text.strip()
    if not (0 < len(text) <= 9 and text.isascii() and text.isdigit()):
        return default
    return min(int(text), limit)
