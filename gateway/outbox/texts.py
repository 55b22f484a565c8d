"""The `sms` job: send one text (SMS or WhatsApp) to one number.

Prepared in the claim's transaction: the opt-out is checked again (the citizen may have sent
STOP since), and the first attempt makes the message row whose random reference delivery reports
come back with; later attempts reuse it. The row is never deleted: a failed text stays, `failed`.
"""

from __future__ import annotations

from datetime import datetime

from gateway.outbox.jobs import Prepared
from gateway.providers.sending import PermanentError, Sent, SmsSender
from gateway.reports.notices import may_text
from gateway.store import contacts, messages
from gateway.store import outbox as jobs
from gateway.store.database import Connection
from gateway.store.outbox import Job


def prepare(sender: SmsSender, connection: Connection, job: Job, now: datetime) -> Prepared:
    """An `sms` job made ready: the opt-out checked again, its message row made or found."""
    payload = job.payload
    to, body = str(payload.get("to") or ""), str(payload.get("body") or "")
    channel = str(payload.get("channel") or "sms")
    if not to or not body:
        raise PermanentError("sms job without recipient or body")
    if not may_text(contacts.opted_out(connection, to), bool(payload.get("force"))):
        raise PermanentError("recipient opted out after the message was queued")
    if job.message_id is None:
        outgoing = messages.start_outgoing(connection, sender.provider, channel, to, body,
                                           job.report_id, now)
        jobs.attach_message(connection, job, outgoing.id)
        message_id, reference = outgoing.id, outgoing.reference
    else:
        message_id = job.message_id
        reference = messages.reference_of(connection, message_id)

    def record(connection: Connection, sent: Sent, now: datetime) -> None:
        messages.record_sent(connection, message_id, sent.provider, sent.provider_id,
                             sent.status, now)

    def failed(connection: Connection, now: datetime) -> None:
        messages.advance_one(connection, message_id, "failed", now)

    return Prepared(lambda: sender.send(to, body, channel, reference), record, failed)
