"""Queueing texts to people: into the outbox, in the caller's transaction, never to a number
that opted out.

`queue_text` is how every part of the gateway texts someone (a citizen's reply, a status notice,
a URC dispatch, a deadline warning); the worker sends what it queued. The text is cut to what the
channel allows (two SMS parts) and goes out on the channel that carries texts for it: a caller
is texted by SMS.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from gateway.channels import texts_channel
from gateway.store.contacts import opted_out
from gateway.store.database import Connection
from gateway.store.outbox import enqueue, job_row
from sms.numbers import mask_msisdn
from sms.segments import fit

log = logging.getLogger(__name__)


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
