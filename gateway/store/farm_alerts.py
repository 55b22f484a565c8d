"""Alerts to farmers: the one module that writes `farm_alerts` and `farm_alert_recipients`.

An alert's texts (and calls) are outbox jobs marked with it, queued at the configured rate: each
recipient's job is due a little after the one before. Delivery is counted from those jobs and the
messages they became: queued (not sent yet), sent, delivered, failed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from gateway.store import models

ALERTS = models.table(models.Alert)
RECIPIENTS = models.table(models.AlertRecipient)
OUTBOX = models.table(models.OutboxItem)
MESSAGES = models.table(models.Message)
BATCH = 1000


@dataclass(frozen=True, slots=True)
class AlertRow:
    """An alert as the page lists it, with its delivery so far."""

    id: int
    kind: str
    text: str
    desa_codes: tuple[str, ...]
    commodities: tuple[str, ...]
    voice_item_id: int | None
    audience: int
    created_by: str
    created_at: datetime
    delivery: dict[str, int]


def create(connection: Connection, values: dict[str, Any], phones: Sequence[str],
           jobs: Sequence[dict[str, Any]], now: datetime) -> int:
    """Store an alert, its recipients and the outbox jobs that carry it (texts, and calls),
    each marked with the alert. Inserted in batches: 10,000 recipients are a few statements."""
    alert_id = int(connection.execute(insert(ALERTS).values(
        audience=len(phones), created_at=now, detail={}, **values)
        .returning(ALERTS.c.id)).scalar_one())
    for start in range(0, max(len(phones), len(jobs)), BATCH):
        people = phones[start:start + BATCH]
        if people:
            connection.execute(insert(RECIPIENTS), [{"alert_id": alert_id, "phone": p}
                                                    for p in people])
    for start in range(0, len(jobs), BATCH):
        connection.execute(insert(OUTBOX), [{**job, "alert_id": alert_id}
                                            for job in jobs[start:start + BATCH]])
    return alert_id


def spaced(rows: list[dict[str, Any]], now: datetime, per_second: float) -> list[dict[str, Any]]:
    """The outbox rows due one after the other at `per_second` (the configured send rate)."""
    step = 1.0 / per_second if per_second > 0 else 0.0
    return [{**row, "next_attempt_at": now + timedelta(seconds=i * step)}
            for i, row in enumerate(rows)]


def _delivery(connection: Connection, alert_ids: list[int]) -> dict[int, Counter[str]]:
    counts: dict[int, Counter[str]] = {i: Counter() for i in alert_ids}
    if not alert_ids:
        return counts
    rows = connection.execute(
        select(OUTBOX.c.alert_id, OUTBOX.c.status, MESSAGES.c.status)
        .outerjoin(MESSAGES, MESSAGES.c.id == OUTBOX.c.message_id)
        .where(OUTBOX.c.alert_id.in_(alert_ids), OUTBOX.c.kind == "sms"))
    for alert_id, job_status, message_status in rows:
        counts[alert_id][_state(job_status, message_status)] += 1
    return counts


def _state(job_status: str, message_status: str | None) -> str:
    if job_status == "failed" or message_status in ("failed", "undelivered"):
        return "failed"
    if message_status == "delivered":
        return "delivered"
    if job_status == "done":
        return "sent"
    return "queued"


def recent(connection: Connection, limit: int = 30) -> list[AlertRow]:
    """The latest alerts with their delivery counts."""
    rows = connection.execute(select(ALERTS).order_by(ALERTS.c.id.desc()).limit(limit)).all()
    delivery = _delivery(connection, [r.id for r in rows])
    return [AlertRow(r.id, r.kind, r.text, tuple(r.desa_codes or ()),
                     tuple(r.commodities or ()), r.voice_item_id, r.audience, r.created_by,
                     r.created_at, {k: delivery[r.id].get(k, 0)
                                    for k in ("queued", "sent", "delivered", "failed")})
            for r in rows]


def recipients(connection: Connection, alert_id: int) -> list[str]:
    """The numbers an alert went to."""
    return [p for (p,) in connection.execute(select(RECIPIENTS.c.phone)
                                             .where(RECIPIENTS.c.alert_id == alert_id)
                                             .order_by(RECIPIENTS.c.phone))]
