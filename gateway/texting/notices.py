"""Texts to citizens go through here: into the outbox, never to a number that opted out."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from gateway.store import models
from sms.numbers import mask_msisdn
from sms.segments import fit

log = logging.getLogger(__name__)


def outbox_job(kind: str, payload: dict[str, Any], now: datetime,
               report_id: int | None = None) -> dict[str, Any]:
    """The outbox row of one job for the worker, due now."""
    return {"kind": kind, "payload": payload, "report_id": report_id, "status": "pending",
            "attempts": 0, "created_at": now, "next_attempt_at": now}


def outbox_row(number: str, channel: str, text: str, now: datetime, report_id: int | None = None,
               force: bool = False) -> dict[str, Any]:
    """The outbox row of one text, cut to fit two SMS parts; nobody checked the opt-out yet."""
    return outbox_job("sms", {"to": number, "body": fit(text), "channel": channel,
                              "force": force}, now, report_id)


def send_text(session: Session, number: str | None, channel: str, text: str, now: datetime,
              report_id: int | None = None, force: bool = False) -> bool:
    """Queue `text` to `number` in the caller's transaction, cut to fit two SMS parts.

    Nothing is queued for a number that opted out, unless `force` (the opt-out confirmation).
    """
    if not number:
        return False
    contact = session.get(models.Contact, number)
    if contact is not None and contact.opted_out and not force:
        log.info("not texting %s: opted out", mask_msisdn(number))
        return False
    session.add(models.OutboxItem(**outbox_row(number, channel, text, now, report_id, force)))
    return True
