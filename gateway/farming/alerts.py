"""Alerts to registered farmers, chosen by desa and commodity: by SMS, and optionally by a call
that plays an advice item (for farmers who do not read).

The audience leaves out numbers that opted out (and the worker checks again before each text).
Texts and calls go through the outbox at `FARM_ALERT_RATE` a second: each recipient's job is due
a little after the one before, so a big alert never floods the SMS link or the page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from gateway.reports.notices import text_row
from gateway.settings import Settings
from gateway.store import farm_alerts, farmers
from gateway.store.database import Connection
from gateway.store.outbox import job_row

log = logging.getLogger(__name__)
KINDS = {"pest": "Hama/penyakit", "weather": "Cuaca", "fertiliser": "Pupuk",
         "training": "Pelatihan", "other": "Lainnya"}


def audience_size(connection: Connection, desa: Sequence[str], commodities: Sequence[str]) -> int:
    """How many farmers an alert to `desa` and `commodities` (empty: all) would reach."""
    return farmers.audience_size(connection, desa, commodities)


def send(connection: Connection, settings: Settings, kind: str, text: str,
         desa: Sequence[str], commodities: Sequence[str], voice_item: int | None,
         operator: str, now: datetime) -> tuple[int, int]:
    """Store the alert and queue its texts (and calls) at the configured rate; returns the
    alert's id and how many farmers it goes to."""
    phones = farmers.audience(connection, desa, commodities)
    one = text_row("", "sms", text, now)  # fitted to two SMS once, then one a recipient
    texts = farm_alerts.spaced([{**one, "payload": {**one["payload"], "to": p}} for p in phones],
                               now, settings.FARM_ALERT_RATE)
    calls = farm_alerts.spaced([job_row("call", {"to": p, "item_id": voice_item}, now)
                                for p in phones], now, settings.FARM_ALERT_RATE) \
        if voice_item else []
    alert_id = farm_alerts.create(connection, {
        "kind": kind, "text": text, "desa_codes": list(desa), "commodities": list(commodities),
        "voice_item_id": voice_item, "created_by": operator}, phones, texts + calls, now)
    log.info("alert %s (%s) queued to %d farmers", alert_id, kind, len(phones))
    return alert_id, len(phones)
