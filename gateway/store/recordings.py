"""Callers' recordings: the one module that writes the `recordings` table.

A recording is announced by the <Record> action and by the recording status callback, in either
order; both land on the same row (unique RecordingSid). Once it is complete, the worker is asked
(once) to keep a local copy, since the provider may delete it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection

from gateway.store import models
from gateway.store.database import insert_ignoring
from gateway.store.outbox import enqueue, job_row, pending_exists
from gateway.store.values import storable, storable_id

RECORDINGS = models.table(models.Recording)
REPORTS = models.table(models.Report)


@dataclass(frozen=True, slots=True)
class RecordingRef:
    """A recording as the call's handling knows it: provider id, URL and duration."""

    sid: str
    url: str
    duration_seconds: int | None = None


def store(connection: Connection, call_sid: str, ref: RecordingRef, status: str | None,
          now: datetime, report_id: int | None = None) -> None:
    """Create or update the recording `ref.sid`; link it to the call's report when known."""
    sid = storable_id(ref.sid)
    connection.execute(insert_ignoring(RECORDINGS, connection.dialect, "recording_sid"), {
        "recording_sid": sid, "call_sid": storable_id(call_sid), "url": storable(ref.url, 500),
        "status": "in-progress", "created_at": now, "updated_at": now})
    if report_id is None and call_sid:
        report_id = connection.execute(select(REPORTS.c.id).where(
            REPORTS.c.call_sid == storable_id(call_sid))).scalar()
    values: dict[str, object] = {"updated_at": now}
    if ref.url:
        values["url"] = storable(ref.url, 500)
    if ref.duration_seconds is not None:
        values["duration_seconds"] = ref.duration_seconds
    if status:
        values["status"] = storable(status, 16)
    if report_id is not None:
        values["report_id"] = report_id
    connection.execute(update(RECORDINGS).where(RECORDINGS.c.recording_sid == sid)
                       .values(**values))


def link_call(connection: Connection, call_sid: str, report_id: int) -> None:
    """Every recording of the call belongs to its report."""
    connection.execute(update(RECORDINGS).where(RECORDINGS.c.call_sid == storable_id(call_sid))
                       .values(report_id=report_id))


def queue_download(connection: Connection, sid: str, now: datetime) -> None:
    """Ask the worker to keep a local copy of the finished recording `sid` (once)."""
    sid = storable_id(sid)
    if pending_exists(connection, "download_recording", "recording_sid", sid):
        return
    report_id = connection.execute(select(RECORDINGS.c.report_id)
                                   .where(RECORDINGS.c.recording_sid == sid)).scalar()
    enqueue(connection, [job_row("download_recording", {"recording_sid": sid}, now, report_id)])


def for_download(connection: Connection, sid: str) -> tuple[str, str] | None:
    """(url, status) of the recording `sid`, for the worker."""
    row = connection.execute(select(RECORDINGS.c.url, RECORDINGS.c.status)
                             .where(RECORDINGS.c.recording_sid == sid)).first()
    return (row[0], row[1]) if row is not None else None


def kept(connection: Connection, sid: str, path: str, now: datetime) -> None:
    """The worker kept a local copy at `path`."""
    connection.execute(update(RECORDINGS).where(RECORDINGS.c.recording_sid == sid)
                       .values(local_path=path, updated_at=now))


def forget(connection: Connection, sid: str) -> str | None:
    """Delete the recording `sid` (a farmer's name, on HAPUS); returns its local copy's path
    for the caller to delete, or None."""
    sid = storable_id(sid)
    path = connection.execute(select(RECORDINGS.c.local_path)
                              .where(RECORDINGS.c.recording_sid == sid)).scalar()
    connection.execute(delete(RECORDINGS).where(RECORDINGS.c.recording_sid == sid))
    return str(path) if path else None
