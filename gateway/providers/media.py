"""Fetching callers' recordings and citizens' photos from the provider, safely.

A URL comes from a webhook, so it is checked before anything is sent to it: https only, its host
on MEDIA_ALLOWED_HOSTS (Twilio's API and media hosts by default), redirects followed by hand and
only to allowed hosts, credentials sent only to the first host, never to a host a redirect names.
In development (DEV_MEDIA=on) plain http from the loopback address is allowed too, for the
sample recording the gateway serves itself. The answer must have an expected content type and
stay under MEDIA_MAX_BYTES, and the whole download must finish in `DOWNLOAD_SECONDS`. Files
are written under a name the caller built from validated ids, via a partial file renamed into
place, so a reader never sees half a file.
"""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from gateway.providers.sending import TIMEOUTS, PermanentError, TransientError

DOWNLOAD_SECONDS = 60
MAX_REDIRECTS = 3
AUDIO = {"audio/wav": ".wav", "audio/x-wav": ".wav", "audio/wave": ".wav",
         "audio/mpeg": ".mp3", "audio/mp3": ".mp3"}
LOOPBACK = ("127.0.0.1", "::1", "localhost")
IMAGES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}


@dataclass(frozen=True)
class Fetched:
    """A fetched file: its bytes and content type."""

    path: Path
    content_type: str
    size: int


def host_allowed(host: str, patterns: Collection[str]) -> bool:
    """Whether `host` matches one of `patterns` (exact names, or `*.example.com`)."""
    host = host.lower().rstrip(".")
    return any(fnmatch.fnmatchcase(host, p.lower()) for p in patterns if p)


class MediaFetcher:
    """Downloads media from allowed hosts with the provider account's credentials."""

    def __init__(self, allowed_hosts: Collection[str], credentials: tuple[str, str] | None,
                 max_bytes: int, session: requests.Session | None = None,
                 timeouts: tuple[float, float] = TIMEOUTS, loopback_http: bool = False) -> None:
        self.allowed_hosts = tuple(allowed_hosts)
        self.loopback_http = loopback_http
        self.credentials = credentials
        self.max_bytes = max_bytes
        self.http = session or requests.Session()
        self.timeouts = timeouts

    def check(self, url: str) -> str:
        """The URL's host if it may be fetched; raise `PermanentError` otherwise."""
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
        except ValueError:
            raise PermanentError("media URL cannot be read") from None
        if self.loopback_http and parts.scheme == "http" and host in LOOPBACK \
                and not (parts.username or parts.password):
            return host
        if parts.scheme != "https":
            raise PermanentError(f"media URL refused: scheme {parts.scheme!r} is not https")
        if parts.username or parts.password:
            raise PermanentError("media URL refused: it carries credentials")
        if not host_allowed(host, self.allowed_hosts):
            raise PermanentError(f"media URL refused: host {host!r} is not in "
                                 "MEDIA_ALLOWED_HOSTS")
        return host

    def fetch(self, url: str, target: Path, types: dict[str, str]) -> Fetched:
        """Download `url` to `target` with the suffix its content type gives (one of
        `types`); raise `PermanentError` or `TransientError`."""
        first_host = self.check(url)
        deadline = time.monotonic() + DOWNLOAD_SECONDS
        for _ in range(MAX_REDIRECTS + 1):
            host = self.check(url)
            auth = self.credentials if host == first_host else None
            try:
                response = self.http.get(url, auth=auth, timeout=self.timeouts, stream=True,
                                         allow_redirects=False)
            except requests.Timeout:
                raise TransientError(f"download from {host} timed out") from None
            except requests.RequestException as exc:
                raise TransientError(f"download from {host} failed: "
                                     f"{type(exc).__name__}") from None
            with response:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("Location", ""))
                    continue
                return self._save(response, host, target, types, deadline)
        raise PermanentError(f"download refused: more than {MAX_REDIRECTS} redirects")

    def _save(self, response: requests.Response, host: str, target: Path,
              types: dict[str, str], deadline: float) -> Fetched:
        if response.status_code in (401, 403, 404, 410):
            raise PermanentError(f"download refused by {host}: HTTP {response.status_code}")
        if response.status_code != 200:
            raise TransientError(f"download from {host} failed: HTTP {response.status_code}")
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind not in types:
            raise PermanentError(f"download refused: content type {kind[:60]!r}")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise PermanentError(f"download refused: {declared} bytes is over MEDIA_MAX_BYTES")
        final = target.with_suffix(types[kind])
        final.parent.mkdir(parents=True, exist_ok=True)
        partial = final.with_name(final.name + ".part")
        size = 0
        try:
            with open(partial, "wb") as handle:
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise PermanentError("download refused: over MEDIA_MAX_BYTES")
                    if time.monotonic() > deadline:
                        raise TransientError(f"download from {host} took too long")
                    handle.write(chunk)
        except requests.RequestException as exc:
            partial.unlink(missing_ok=True)
            raise TransientError(f"download from {host} failed: {type(exc).__name__}") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if size == 0:
            partial.unlink(missing_ok=True)
            raise TransientError(f"download from {host} was empty")
        partial.replace(final)
        return Fetched(final, kind, size)
