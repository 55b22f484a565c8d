"""Typed, frozen settings read once from the environment and `.env` files.

`load_settings()` is the only place in the project that reads `os.environ`. A missing or malformed
value raises `SettingsError`, whose message names each bad variable and what it expects; all bad
variables are reported at once. Secrets are kept out of `repr()`.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from dotenv import dotenv_values
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
E164 = re.compile(r"\+[1-9][0-9]{6,14}")


class SettingsError(Exception):
    """Raised when the environment does not describe a usable gateway."""


class Settings(BaseModel):
    """Everything the gateway reads from its environment, validated and immutable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    DATABASE_URL: str
    SECRET_KEY: SecretStr = Field(min_length=16)
    TWILIO_ACCOUNT_SID: str = ""
    TWILIO_AUTH_TOKEN: SecretStr = Field(min_length=8)
    TWILIO_PHONE_NUMBER: str = ""
    PUBLIC_BASE_URL: str = ""
    SMS_BACKEND: Literal["console", "twilio", "kannel"] = "console"
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    VOICE_PLATFORM: Literal["twilio", "somleng"] = "twilio"
    VOICE_PROMPTS: Literal["auto", "say"] = "auto"
    SAY_VOICE: str = "Google.id-ID-Standard-A"
    SPEECH_INPUT: Literal["on", "off"] = "on"
    OPERATOR_HANDOFF: Literal["enqueue", "dial"] = "enqueue"
    OPERATOR_NUMBER: str = ""
    COMMAND_CENTER_NUMBER: str = ""
    KANNEL_SENDSMS_URL: str = "http://127.0.0.1:13013/cgi-bin/sendsms"
    KANNEL_USERNAME: str = ""
    KANNEL_PASSWORD: SecretStr = SecretStr("")
    KANNEL_FROM: str = ""
    KANNEL_SECRET: SecretStr = SecretStr("")
    KANNEL_ALLOWED_IPS: str = "127.0.0.1,::1"
    KANNEL_CALLBACK_URL: str = ""
    CONFIG_DIR: Path = PROJECT_ROOT / "config"
    INSTANCE_DIR: Path = PROJECT_ROOT / "instance"
    SESSION_MINUTES: int = Field(default=480, ge=5, le=1440)
    TRUSTED_PROXIES: str = ""
    MEDIA_ALLOWED_HOSTS: str = "api.twilio.com,*.twiliocdn.com"
    MEDIA_MAX_BYTES: int = Field(default=16 * 1024 * 1024, ge=1024, le=512 * 1024 * 1024)
    OUTBOX_RETRY_HOURS: float = Field(default=24, gt=0, le=24 * 14)
    OUTBOX_LEASE_SECONDS: int = Field(default=120, ge=5, le=3600)
    FARM_ALERT_RATE: float = Field(default=5.0, gt=0, le=500)
    VOICE_API_URL: str = "https://api.twilio.com"
    # Where rate limits count (the `limits` library's storage URI): memory:// for one process,
    # redis://127.0.0.1:6379 to share them across gunicorn workers.
    RATE_LIMIT_STORAGE: str = "memory://"
    # The bridge to LAPOR!-SP4N (docs/lapor-sp4n.md): off while LAPOR_SP4N_URL is empty.
    LAPOR_SP4N_URL: str = ""
    LAPOR_SP4N_TOKEN: SecretStr = SecretStr("")
    LAPOR_SP4N_SUBMIT_PATH: str = "/api/services/integrasi/kirim-laporan"
    LAPOR_SP4N_STATUS_PATH: str = "/api/services/integrasi/status-laporan"
    LAPOR_SP4N_CHECK_MINUTES: int = Field(default=30, ge=1, le=24 * 60)
    # Development only (`lapor dev init` sets it): the gateway serves a sample recording that
    # `lapor simulate call` announces, and the worker may fetch it over http from loopback.
    DEV_MEDIA: Literal["on", "off"] = "off"

    @field_validator("DATABASE_URL")
    @classmethod
    def _database_url(cls, value: str) -> str:
        scheme = value.split(":", 1)[0]
        if not (scheme.startswith("sqlite") or scheme.startswith("postgresql")):
            raise ValueError("a SQLAlchemy URL starting with sqlite:// or postgresql+psycopg://")
        if scheme in ("postgres", "postgresql"):
            # Plain postgresql:// would pick psycopg2, which is not installed; psycopg 3 is.
            value = "postgresql+psycopg" + value[len(scheme):]
        return value

    @field_validator("TWILIO_ACCOUNT_SID")
    @classmethod
    def _account_sid(cls, value: str) -> str:
        # Twilio's are AC + 32 hex digits; Somleng's are UUIDs.
        if value and not re.fullmatch(r"AC[0-9a-fA-F]{32}|[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}"
                                      r"-[0-9a-fA-F]{12}", value):
            raise ValueError("'AC' followed by 32 hexadecimal digits (Twilio), or a UUID "
                             "(Somleng)")
        return value

    @field_validator("TWILIO_PHONE_NUMBER", "OPERATOR_NUMBER", "COMMAND_CENTER_NUMBER")
    @classmethod
    def _phone(cls, value: str) -> str:
        if value and not E164.fullmatch(value):
            raise ValueError("a phone number in E.164 form, such as +62341512111")
        return value

    @field_validator("PUBLIC_BASE_URL")
    @classmethod
    def _public_url(cls, value: str) -> str:
        if not value:
            return value
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise ValueError("an http(s) URL without a query, such as https://lapor.example.go.id")
        return value.rstrip("/")

    @field_validator("SAY_VOICE")
    @classmethod
    def _voice(cls, value: str) -> str:
        # "default" leaves the voice to the provider (an empty variable counts as unset).
        return "" if value.lower() == "default" else value

    @field_validator("KANNEL_ALLOWED_IPS", "TRUSTED_PROXIES")
    @classmethod
    def _addresses(cls, value: str) -> str:
        for address in (a.strip() for a in value.split(",") if a.strip()):
            try:
                ipaddress.ip_network(address, strict=False)
            except ValueError:
                raise ValueError(
                    f"a comma-separated list of IP addresses or networks; {address!r} is not one"
                ) from None
        return value

    @field_validator("LAPOR_SP4N_SUBMIT_PATH", "LAPOR_SP4N_STATUS_PATH")
    @classmethod
    def _path(cls, value: str) -> str:
        if not re.fullmatch(r"(/[A-Za-z0-9._~-]+)+", value):
            raise ValueError("a URL path such as /api/services/integrasi/kirim-laporan")
        return value

    @field_validator("KANNEL_SENDSMS_URL", "KANNEL_CALLBACK_URL", "VOICE_API_URL",
                     "LAPOR_SP4N_URL")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("an http(s) URL")
        return value.rstrip("/")

    @field_validator("MEDIA_ALLOWED_HOSTS")
    @classmethod
    def _hosts(cls, value: str) -> str:
        for host in (h.strip() for h in value.split(",") if h.strip()):
            if not re.fullmatch(r"(\*\.)?[A-Za-z0-9.-]+", host):
                raise ValueError(f"a comma-separated list of host names (or *.domain); "
                                 f"{host!r} is not one")
        return value

    def kannel_allows(self, address: str | None) -> bool:
        """True when `address` is in KANNEL_ALLOWED_IPS."""
        return _in_networks(address, self.KANNEL_ALLOWED_IPS)

    def is_trusted_proxy(self, address: str | None) -> bool:
        """True when `address` is a reverse proxy named in TRUSTED_PROXIES."""
        return _in_networks(address, self.TRUSTED_PROXIES)

    @property
    def listens_to_speech(self) -> bool:
        """Whether menus listen to speech: SPEECH_INPUT=on, on a platform that recognises it."""
        return self.SPEECH_INPUT == "on" and self.VOICE_PLATFORM == "twilio"

    @property
    def dev_media(self) -> bool:
        """Whether this is a development gateway serving sample media (DEV_MEDIA=on)."""
        return self.DEV_MEDIA == "on"

    @property
    def media_hosts(self) -> tuple[str, ...]:
        return tuple(h.strip() for h in self.MEDIA_ALLOWED_HOSTS.split(",") if h.strip())

    @field_validator("LOG_LEVEL", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    def public_url(self, path_and_query: str, fallback_base: str) -> str:
        """The URL Twilio used for `path_and_query`: on PUBLIC_BASE_URL when set, else as seen."""
        base = self.PUBLIC_BASE_URL or fallback_base.rstrip("/")
        return base + path_and_query


FIELDS = tuple(Settings.model_fields)


def _in_networks(address: str | None, networks: str) -> bool:
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in _networks(networks))


@functools.lru_cache(maxsize=16)
def _networks(networks: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n.strip(), strict=False)
                 for n in networks.split(",") if n.strip())


def _explain(error: Mapping[str, object]) -> str:
    loc = error.get("loc") or ("?",)
    name = str(loc[0]) if isinstance(loc, tuple) else str(loc)
    message = str(error.get("msg", "invalid"))
    message = message.removeprefix("Value error, ")
    if error.get("type") == "missing":
        return f"{name} is not set; it is required"
    context = error.get("ctx")
    if error.get("type") in ("too_short", "string_too_short") and isinstance(context, dict):
        message = f"at least {context.get('min_length')} characters"
    shown = error.get("input")
    if name in ("SECRET_KEY", "TWILIO_AUTH_TOKEN", "KANNEL_PASSWORD", "KANNEL_SECRET"):
        shown = "<hidden>"
    return f"{name}={shown!r}: expected {message}"


def _check_somleng(settings: Settings) -> None:
    """Somleng has no queues and no Indonesian text-to-speech: say so at start-up."""
    problems = []
    if settings.OPERATOR_HANDOFF != "dial":
        problems.append("OPERATOR_HANDOFF=dial (Somleng has no <Enqueue>), with OPERATOR_NUMBER")
    if settings.VOICE_PROMPTS != "auto":
        problems.append("VOICE_PROMPTS=auto (Somleng has no Indonesian voice: every prompt is "
                        "played from audio)")
    if problems:
        raise SettingsError("invalid settings: VOICE_PLATFORM=somleng needs "
                            + "; and ".join(problems))


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_files: tuple[Path, ...] | None = None,
) -> Settings:
    """Build the settings from `env_files` (later files fill gaps) overlaid by `environ`.

    Defaults: `environ` is the process environment; the files are `./.env` and the
    development secrets that `lapor dev init` writes into `instance/dev.env`.
    """
    environ = os.environ if environ is None else environ
    if env_files is None:
        env_files = (Path.cwd() / ".env", PROJECT_ROOT / "instance" / "dev.env")
    values: dict[str, str] = {}
    for path in reversed(env_files):
        if path.is_file():
            values.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    values.update({k: v for k, v in environ.items() if k in FIELDS})
    values = {k: v for k, v in values.items() if k in FIELDS and v != ""}
    if "DATABASE_URL" not in values:
        instance = Path(values.get("INSTANCE_DIR", PROJECT_ROOT / "instance"))
        values["DATABASE_URL"] = f"sqlite:///{instance.resolve() / 'lapor.db'}"
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        lines = [_explain(err) for err in exc.errors()]
        raise SettingsError("invalid settings: " + "; ".join(lines)) from None
    if settings.VOICE_PLATFORM == "somleng":
        _check_somleng(settings)
    if settings.DEV_MEDIA == "on" and settings.PUBLIC_BASE_URL:
        raise SettingsError(
            "invalid settings: DEV_MEDIA=on is for development only; unset it where "
            "PUBLIC_BASE_URL is set"
        )
    if settings.OPERATOR_HANDOFF == "dial" and not settings.OPERATOR_NUMBER:
        raise SettingsError(
            "invalid settings: OPERATOR_NUMBER is not set; it is required when "
            "OPERATOR_HANDOFF=dial"
        )
    if settings.SMS_BACKEND == "twilio" and not (
        settings.TWILIO_ACCOUNT_SID and settings.TWILIO_PHONE_NUMBER
    ):
        raise SettingsError(
            "invalid settings: SMS_BACKEND=twilio needs TWILIO_ACCOUNT_SID and TWILIO_PHONE_NUMBER"
        )
    if settings.SMS_BACKEND == "kannel" and not (
        settings.KANNEL_USERNAME and settings.KANNEL_PASSWORD.get_secret_value()
    ):
        raise SettingsError(
            "invalid settings: SMS_BACKEND=kannel needs KANNEL_USERNAME and KANNEL_PASSWORD "
            "(a sendsms-user of Kannel's smsbox)"
        )
    return settings
