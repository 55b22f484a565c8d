"""The download jobs: keep a local copy of a caller's recording (`download_recording`) and of a
citizen's photo (`download_media`), since the provider may delete its own.

File names come only from validated ids (a RecordingSid, row ids), never from a URL or a value a
request chose, so nothing is written outside `INSTANCE_DIR/media/`.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

from gateway.outbox.jobs import Prepared
from gateway.providers.media import AUDIO, IMAGES, Fetched, MediaFetcher
from gateway.providers.sending import PermanentError
from gateway.reports import history
from gateway.reports.history import Event
from gateway.store import recordings
from gateway.store.database import Connection
from gateway.store.outbox import Job

_SAFE = re.compile(r"[A-Za-z0-9]{1,64}")


def file_name(provider_id: str) -> str:
    """A file name for a provider id: the id itself when it is plain letters and digits, else a
    hash of it. Never a path."""
    if _SAFE.fullmatch(provider_id):
        return provider_id
    return "h" + hashlib.sha256(provider_id.encode("utf-8", "replace")).hexdigest()[:40]


def prepare_recording(fetcher: MediaFetcher, media: Path, connection: Connection, job: Job,
                      now: datetime) -> Prepared:
    """A `download_recording` job: fetch the call recording and keep it under `media`."""
    sid = str(job.payload.get("recording_sid") or "")
    found = recordings.for_download(connection, sid) if sid else None
    if found is None or not found[0]:
        raise PermanentError("recording is unknown")
    url = found[0]
    # Twilio serves a recording as WAV when ".wav" is added to its URL.
    source = url if url.rsplit("/", 1)[-1].count(".") else url + ".wav"
    target = media / "recordings" / file_name(sid)

    def record(connection: Connection, fetched: Fetched, now: datetime) -> None:
        recordings.kept(connection, sid, str(fetched.path), now)

    return Prepared(lambda: fetcher.fetch(source, target, AUDIO), record)


def prepare_photo(fetcher: MediaFetcher, media: Path, connection: Connection, job: Job,
                  now: datetime) -> Prepared:
    """A `download_photo` job: fetch a photo sent with a report and keep it under `media`."""
    url = str(job.payload.get("url") or "")
    message_id = job.payload.get("message_id")
    index = job.payload.get("index", 0)
    if not url or job.report_id is None or not isinstance(message_id, int) \
            or not isinstance(index, int):
        raise PermanentError("photo job without URL, report or message")
    report_id = job.report_id
    target = media / "photos" / str(report_id) / f"{message_id}-{index}"

    def record(connection: Connection, fetched: Fetched, now: datetime) -> None:
        history.record(connection, now, Event(report_id, "citizen", "photo",
                                              {"path": str(fetched.path)}))

    return Prepared(lambda: fetcher.fetch(url, target, IMAGES), record)
