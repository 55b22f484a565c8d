"""Logging set-up: one line per event, level from LOG_LEVEL, nothing secret in any line.

Every line passes through `RedactingFormatter` before it is written, whichever library logged
it (werkzeug's request lines, twilio's HTTP client, a traceback): the configured secrets'
values and any `password=`, `secret=`, `token=` parameter become `***`, and phone numbers are
masked like `+62812*****890`. The code also masks numbers itself (`mask_msisdn`); this is the
net under it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from gateway.settings import Settings
from sms.numbers import mask_msisdn

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_PARAMETER = re.compile(
    r"(?i)\b(password|passwd|secret|token|auth_token|api_key|signature)=([^&\s'\"<>]+)")
_PHONE = re.compile(r"(?<![\w+.])\+?[1-9][0-9]{9,14}(?!\w)")
# Libraries that log every request they make, with its URL and parameters, at INFO.
QUIET = ("twilio.http_client", "urllib3", "requests")


def secret_values(settings: Settings) -> list[str]:
    """The configured secrets, for redaction (short ones would mask ordinary words)."""
    values = [secret.get_secret_value() for secret in (
        settings.SECRET_KEY, settings.TWILIO_AUTH_TOKEN, settings.KANNEL_PASSWORD,
        settings.KANNEL_SECRET)]
    password = _database_password(settings.DATABASE_URL)
    return [v for v in (*values, password) if v and len(v) >= 6]


def _database_password(url: str) -> str:
    found = re.match(r"^[^:]+://[^:/@]+:([^@]+)@", url)
    return found.group(1) if found else ""


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with secret values, secret parameters and phone numbers hidden."""
    for value in secrets:
        text = text.replace(value, "***")
    text = _PARAMETER.sub(lambda m: f"{m.group(1)}=***", text)
    text = text.replace("%2B", "+").replace("%2b", "+")  # a number in a logged URL
    return _PHONE.sub(lambda m: mask_msisdn(m.group(0) if m.group(0).startswith("+")
                                            else "+" + m.group(0)), text)


class RedactingFormatter(logging.Formatter):
    """A log formatter that hides secrets and masks phone numbers in every line."""

    def __init__(self, fmt: str, secrets: Iterable[str] = ()) -> None:
        super().__init__(fmt)
        self.secrets = tuple(sorted(set(secrets), key=len, reverse=True))

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


def configure_logging(level: str, settings: Settings | None = None) -> None:
    """One handler on the root logger, redacting; calling again updates its secrets."""
    secrets = secret_values(settings) if settings is not None else []
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "_lapor", False)), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler._lapor = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    handler.setFormatter(RedactingFormatter(FORMAT, secrets))
    root.setLevel(level)
    for name in ("gateway", "ivr_flows", "sms", "routing"):
        logging.getLogger(name).setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
