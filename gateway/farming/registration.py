"""Farmer profiles in the gateway: registering (with consent), what is held (DATA), and
deleting it all at once (HAPUS), on any channel.

Consent is recorded with its time and channel when the profile is saved; nothing is saved before
the farmer agrees. HAPUS deletes the profile, its crops and the name recording (the row and the
downloaded file) in the same transaction; the farmer's questions stay, unlinked.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from farming.catalog import FarmingCatalog
from farming.profiles import Registration
from farming.replies import farm_reply
from gateway.store import farmers, recordings
from gateway.store.database import Connection
from gateway.store.farmers import FarmerRow
from routing.catalog import Catalog
from sms.numbers import mask_msisdn

log = logging.getLogger(__name__)
CHANNEL_WORDS = {"sms": "SMS", "whatsapp": "WhatsApp", "voice": "telepon", "officer": "petugas"}
RECORDED_NAME = {"id": "(nama direkam)", "jv": "(asma dipunrekam)", "en": "(name recorded)"}


def save(connection: Connection, phone: str, registration: Registration, language: str,
         channel: str, now: datetime, name_recording: str | None = None,
         registered_by: str = "") -> int:
    """Save a profile the farmer agreed to (consent now, on `channel`); returns its id."""
    values = {"name": registration.name, "desa_code": registration.desa,
              "group_name": registration.group, "language": language,
              "consent_channel": channel, "registered_by": registered_by}
    if name_recording:
        values["name_recording"] = name_recording
    farmer_id = farmers.register(connection, phone, values, registration.commodities, now)
    log.info("farmer %s registered via %s", mask_msisdn(phone), channel)
    return farmer_id


def commodity_names(farming: FarmingCatalog, codes: tuple[str, ...], language: str) -> str:
    """'kentang, kubis' in the farmer's language."""
    return ", ".join(farming.commodities[c].name(language) if c in farming.commodities else c
                     for c in codes) or "-"


def desa_name(catalog: Catalog, code: str | None) -> str:
    """A desa's name, or '-'."""
    return catalog.areas[code].name if code and code in catalog.areas else "-"


def registered_text(catalog: Catalog, farming: FarmingCatalog, farmer: FarmerRow,
                    language: str) -> str:
    """The confirmation of a registration."""
    return farm_reply("registered", language, name=farmer.name or "-",
                      desa=desa_name(catalog, farmer.desa_code),
                      commodities=commodity_names(farming, farmer.commodities, language))


def data_text(catalog: Catalog, farming: FarmingCatalog, farmer: FarmerRow,
              language: str) -> str:
    """DATA: what the line holds about the farmer (never the NIK, which only officers see)."""
    group = f"; kelompok tani {farmer.group_name}" if farmer.group_name else ""
    extra = "; rekaman nama" if farmer.name_recording else ""
    recorded = RECORDED_NAME.get(language, RECORDED_NAME["id"]) if farmer.name_recording else "-"
    return farm_reply("data", language, name=farmer.name or recorded,
                      desa=desa_name(catalog, farmer.desa_code),
                      commodities=commodity_names(farming, farmer.commodities, language),
                      group=group + extra, date=farmer.consent_at.strftime("%d-%m-%Y"),
                      channel=CHANNEL_WORDS.get(farmer.consent_channel, farmer.consent_channel))


def forget(connection: Connection, phone: str) -> bool:
    """HAPUS: delete the profile of `phone` now, with its name recording; False when there is
    none."""
    recording = farmers.forget(connection, phone)
    if recording is None:
        return False
    if recording:
        kept = recordings.forget(connection, recording)
        if kept:
            Path(kept).unlink(missing_ok=True)
    log.info("farmer %s deleted (HAPUS)", mask_msisdn(phone))
    return True
