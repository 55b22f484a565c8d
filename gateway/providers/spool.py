"""The spool: provider requests kept on local disk while the database cannot take them.

A webhook is answered 200 only once its request is kept: in the database, or here. Each request
is one JSON file under `INSTANCE_DIR/spool/`, written whole and fsync'd (file and folder) before
the provider is answered, named by the time it arrived so replays keep the order. The file holds
the raw signed request (path, query string and body, with its signature) exactly as it came.
`gateway.providers.replay` carries the files out once the database is back, and deletes each after
its transaction commits; a file that cannot be carried out is moved to `failed/` for a person.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from urllib.parse import parse_qsl

import werkzeug.urls  # noqa: F401  (registers the 'werkzeug.url_quote' codec error handler)
from werkzeug.datastructures import MultiDict

from gateway.settings import Settings

log = logging.getLogger(__name__)


class SpoolError(OSError):
    """A request could not be written to the spool either (disk full, no permission)."""


@dataclass(frozen=True)
class Delivery:
    """One provider request as it arrived: what the spool keeps and a replay carries out."""

    kind: str  # twilio.sms, twilio.voice.step, kannel.incoming, ...
    path: str
    query: str
    body: bytes
    received_at: datetime
    base: str = ""  # the gateway's mount point, for links in TwiML
    signature: str = ""
    address: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    # What the web framework already decoded from `body` and `query`, when it did.
    decoded: tuple[MultiDict[str, str], MultiDict[str, str]] | None = field(
        default=None, compare=False, repr=False)

    @cached_property
    def form(self) -> MultiDict[str, str]:
        """The form-encoded body, decoded as Flask decodes it."""
        if self.decoded is not None:
            return self.decoded[0]
        return _decode(self.body.decode("utf-8", "replace"))

    @cached_property
    def args(self) -> MultiDict[str, str]:
        if self.decoded is not None:
            return self.decoded[1]
        return _decode(self.query)

    def value(self, name: str) -> str:
        """A field from the form, else from the query string (Kannel uses either)."""
        return self.form.get(name) or self.args.get(name, "")

    def to_json(self) -> str:
        return json.dumps({
            "kind": self.kind, "path": self.path, "query": self.query,
            "body": base64.b64encode(self.body).decode("ascii"),
            "received_at": self.received_at.isoformat(), "base": self.base,
            "signature": self.signature, "address": self.address, "headers": self.headers,
        })

    @classmethod
    def from_json(cls, text: str) -> Delivery:
        data = json.loads(text)
        return cls(data["kind"], data["path"], data["query"], base64.b64decode(data["body"]),
                   datetime.fromisoformat(data["received_at"]), data.get("base", ""),
                   data.get("signature", ""), data.get("address", ""), data.get("headers", {}))


class Spool:
    """The spool folder of one gateway instance."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.failed = folder / "failed"

    def put(self, delivery: Delivery) -> Path:
        """Keep `delivery` durably; raise `SpoolError` when it cannot be written."""
        name = f"{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(4)}"
        target = self.folder / f"{name}.json"
        partial = self.folder / f".{name}.part"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(partial, "w", encoding="utf-8") as handle:
                handle.write(delivery.to_json())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, target)
            _sync_folder(self.folder)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise SpoolError(f"cannot spool {delivery.kind} to {self.folder}: {exc}") from exc
        log.warning("%s request spooled as %s", delivery.kind, target.name)
        return target

    def pending(self) -> Iterator[Path]:
        """Spooled requests, oldest first."""
        if self.folder.is_dir():
            yield from sorted(self.folder.glob("*.json"))

    def count(self) -> int:
        return sum(1 for _ in self.pending())

    def read(self, path: Path) -> Delivery:
        return Delivery.from_json(path.read_text(encoding="utf-8"))

    def done(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        _sync_folder(self.folder)

    def set_aside(self, path: Path, reason: str) -> Path:
        """Move a request that cannot be carried out to `failed/`, for a person to look at."""
        self.failed.mkdir(parents=True, exist_ok=True)
        target = self.failed / path.name
        os.replace(path, target)
        target.with_suffix(".reason.txt").write_text(reason + "\n", encoding="utf-8")
        _sync_folder(self.folder)
        return target


def _decode(encoded: str) -> MultiDict[str, str]:
    return MultiDict(parse_qsl(encoded, keep_blank_values=True, errors="werkzeug.url_quote"))


def _sync_folder(folder: Path) -> None:
    """Make a file's creation, rename or removal in `folder` survive a power cut."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def spool_of(settings: Settings) -> Spool:
    """The spool of the gateway instance `settings` describe: `INSTANCE_DIR/spool/`."""
    return Spool(settings.INSTANCE_DIR / "spool")
