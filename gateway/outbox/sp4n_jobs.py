"""The LAPOR!-SP4N jobs: send an escalated report (`sp4n_submit`) and read where it stands on
LAPOR! (`sp4n_check`, which queues the next one). The service's side is
`gateway.sp4n.escalation`; the network's is a `gateway.sp4n.national.NationalChannel`."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from gateway.outbox.jobs import Prepared
from gateway.providers.sending import PermanentError
from gateway.runtime import Runtime
from gateway.sp4n import escalation
from gateway.sp4n.national import NationalChannel, NationalState
from gateway.store import escalations
from gateway.store.database import Connection
from gateway.store.outbox import Job

NOT_SET = "the LAPOR!-SP4N bridge is off: LAPOR_SP4N_URL is not set"


def _every(rt: Runtime) -> timedelta:
    return timedelta(minutes=rt.settings.LAPOR_SP4N_CHECK_MINUTES)


def prepare_submit(rt: Runtime, channel: NationalChannel | None, connection: Connection,
                   job: Job, now: datetime) -> Prepared:
    """An `sp4n_submit` job: send the complaint, keep the tracking id."""
    found = escalations.of_report(connection, job.report_id) if job.report_id else None
    if found is None:
        raise PermanentError("no escalation for this report")
    esc = found
    if esc.tracking_id:  # sent before (a repeated job): nothing more to do
        return Prepared(lambda: esc.tracking_id, lambda _c, _r, _n: None)
    complaint = escalation.complaint_of(esc, rt.catalog)
    error: list[str] = []

    def perform() -> str:
        if channel is None:
            error.append(NOT_SET)
            raise PermanentError(NOT_SET)
        try:
            return channel.submit(complaint)
        except Exception as exc:
            error.append(str(exc))
            raise

    def record(connection: Connection, tracking_id: Any, now: datetime) -> None:
        escalation.record_sent(connection, esc, str(tracking_id), _every(rt), now)

    def failed(connection: Connection, now: datetime) -> None:
        escalation.record_failure(connection, esc, error[-1] if error else "failed", now)

    return Prepared(perform, record, failed)


def prepare_check(rt: Runtime, channel: NationalChannel | None, connection: Connection,
                  job: Job, now: datetime) -> Prepared:
    """An `sp4n_check` job: read the national status, keep what is new, check again later."""
    esc = escalations.of_report(connection, job.report_id) if job.report_id else None
    if esc is None or not esc.tracking_id:
        raise PermanentError("no escalation sent for this report")
    tracking_id, report_id, sent_at = esc.tracking_id, esc.report_id, esc.sent_at or now

    def perform() -> NationalState:
        if channel is None:
            raise PermanentError(NOT_SET)
        return channel.state(tracking_id)

    def record(connection: Connection, state: Any, now: datetime) -> None:
        current = escalations.of_report(connection, report_id)
        if current is not None:
            escalation.record_state(connection, rt.catalog, current, state, _every(rt), now)

    def failed(connection: Connection, now: datetime) -> None:
        # LAPOR! could not be read for a long while: keep following it all the same, within
        # the time a national complaint is followed at all.
        if now - sent_at < escalation.KEEP_CHECKING:
            escalation.schedule_check(connection, report_id, now, now + _every(rt))

    return Prepared(perform, record, failed)
