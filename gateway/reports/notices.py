"""Queueing texts to people: into the outbox, in the caller's transaction, never to a number
that opted out.

`queue_text` is how every part of the gateway texts someone (a citizen's reply, a status notice,
a URC dispatch, a deadline warning); the worker sends what it queued. The text is cut to what the
channel allows (two SMS parts) and goes out on the channel that carries texts for it: a caller
is texted by SMS.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from gateway.channels import texts_channel
from gateway.store.contacts import opted_out
from gateway.store.database import Connection
from gateway.store.outbox import enqueue, job_row, replace_held, withdraw_held
from sms.numbers import mask_msisdn
from sms.segments import fit

log = logging.getLogger(__name__)

# A status text waits this long before it goes; a change to the report meanwhile takes its
# place, so a report forwarded and forwarded again, or resolved right after being taken up,
# is told in one text of where it stands.
STATUS_TEXT_HOLD = timedelta(minutes=3)


def may_text(opted_out: bool | None, force: bool = False) -> bool:
    """The opt-out rule, for every text: a number that sent STOP gets nothing, except what is
    sent with `force` (the opt-out's own confirmation, texts to staff on duty)."""
    return force or not opted_out


def text_row(number: str, channel: str, text: str, now: datetime, report_id: int | None = None,
             force: bool = False) -> dict[str, Any]:
    """The outbox row of one text to `number`; the caller has checked the opt-out."""
    via = texts_channel(channel)
    return job_row("sms", {"to": number, "body": fit(text, via.max_parts),
                           "channel": via.name, "force": force}, now, report_id)


def queue_text(connection: Connection, number: str | None, channel: str, text: str,
               now: datetime, report_id: int | None = None, force: bool = False) -> bool:
    """Queue `text` to `number`, who came in on `channel`. Nothing is queued for a number that
    opted out, unless `force` (the opt-out's own confirmation, staff on duty); False then."""
    if not number:
        return False
    if not may_text(opted_out(connection, number), force):
        log.info("not texting %s: opted out", mask_msisdn(number))
        return False
    enqueue(connection, [text_row(number, channel, text, now, report_id, force)])
    return True


def queue_status_text(connection: Connection, number: str, channel: str, text: str,
                      now: datetime, report_id: int) -> bool:
    """Queue where a report stands to one of its reporters, held for `STATUS_TEXT_HOLD`; a
    status text to them about the report still held is replaced by this one. False for a
    number that opted out."""
    if not may_text(opted_out(connection, number)):
        log.info("not texting %s: opted out", mask_msisdn(number))
        return False
    row = text_row(number, channel, text, now, report_id)
    row["payload"]["notice"] = "status"
    due = now + STATUS_TEXT_HOLD
    if not replace_held(connection, report_id, number, row["payload"], now, due):
        enqueue(connection, [{**row, "next_attempt_at": due}])
    return True


def withdraw_status_texts(connection: Connection, report_id: int, now: datetime) -> int:
    """Drop the report's status texts still held: what they said no longer stands."""
    return withdraw_held(connection, report_id, now)
