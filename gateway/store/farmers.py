"""Farmers and their crops: the one module that writes `farmers` and `farmer_commodities`.

A profile is created or replaced whole when a farmer registers (their own channel, with consent)
or an officer adds one; officers change single fields. `forget` deletes a profile and its crops at
once (HAPUS) and unlinks its questions. Audiences for alerts leave out numbers that opted out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from gateway.store import models

FARMERS = models.table(models.Farmer)
CROPS = models.table(models.FarmerCommodity)
QUESTIONS = models.table(models.FarmQuestion)
CONTACTS = models.table(models.Contact)
# Fields an officer may change on the page (NIK only by an officer, never by phone or SMS).
OFFICER_FIELDS = ("name", "desa_code", "dusun", "group_name", "land_area_ha", "notes", "nik")


@dataclass(frozen=True, slots=True)
class FarmerRow:
    """A farmer's profile with their crops."""

    id: int
    phone: str
    name: str
    desa_code: str | None
    dusun: str
    group_name: str
    land_area_ha: float | None
    notes: str
    nik: str | None
    language: str
    consent_at: datetime
    consent_channel: str
    registered_by: str
    name_recording: str | None
    commodities: tuple[str, ...]


def _rows(connection: Connection, where: Any, limit: int | None = None) -> list[FarmerRow]:
    query = select(FARMERS).where(where).order_by(FARMERS.c.name, FARMERS.c.id)
    found = connection.execute(query.limit(limit) if limit else query).mappings().all()
    crops: dict[int, list[str]] = {}
    if found:
        for farmer_id, commodity in connection.execute(
                select(CROPS.c.farmer_id, CROPS.c.commodity)
                .where(CROPS.c.farmer_id.in_([r["id"] for r in found]))
                .order_by(CROPS.c.commodity)):
            crops.setdefault(farmer_id, []).append(commodity)
    fields = {name for name in FarmerRow.__dataclass_fields__ if name != "commodities"}
    return [FarmerRow(**{k: row[k] for k in fields},
                      commodities=tuple(crops.get(row["id"], ()))) for row in found]


def by_phone(connection: Connection, phone: str) -> FarmerRow | None:
    """The profile of `phone`, or None."""
    found = _rows(connection, FARMERS.c.phone == phone)
    return found[0] if found else None


def by_id(connection: Connection, farmer_id: int) -> FarmerRow | None:
    """The profile `farmer_id`, or None."""
    found = _rows(connection, FARMERS.c.id == farmer_id)
    return found[0] if found else None


def in_desa(connection: Connection, desa_codes: Sequence[str] | None,
            limit: int = 500) -> list[FarmerRow]:
    """Farmers of `desa_codes` (None: every desa), by name."""
    where = FARMERS.c.desa_code.in_(list(desa_codes)) if desa_codes is not None \
        else FARMERS.c.id.is_not(None)
    return _rows(connection, where, limit)


def register(connection: Connection, phone: str, values: Mapping[str, Any],
             commodities: Iterable[str], now: datetime) -> int:
    """Create the profile of `phone`, or replace what the farmer gave; returns its id.
    `values` holds name, desa_code, group_name, language, consent_channel (and optionally
    name_recording, registered_by)."""
    existing = connection.execute(select(FARMERS.c.id).where(FARMERS.c.phone == phone)).scalar()
    row = {**values, "consent_at": now, "updated_at": now}
    if existing is None:
        fresh = {"dusun": "", "notes": "", "registered_by": "", "group_name": "", **row}
        farmer_id = int(connection.execute(insert(FARMERS).values(
            phone=phone, created_at=now, **fresh).returning(FARMERS.c.id)).scalar_one())
    else:
        farmer_id = int(existing)
        connection.execute(update(FARMERS).where(FARMERS.c.id == farmer_id).values(**row))
    set_commodities(connection, farmer_id, commodities)
    return farmer_id


def set_commodities(connection: Connection, farmer_id: int, commodities: Iterable[str]) -> None:
    """Replace a farmer's crops."""
    connection.execute(delete(CROPS).where(CROPS.c.farmer_id == farmer_id))
    chosen = list(dict.fromkeys(commodities))
    if chosen:
        connection.execute(insert(CROPS), [{"farmer_id": farmer_id, "commodity": c}
                                           for c in chosen])


def update_fields(connection: Connection, farmer_id: int, values: Mapping[str, Any],
                  now: datetime) -> None:
    """Change the fields an officer may change."""
    allowed = {k: v for k, v in values.items() if k in OFFICER_FIELDS}
    if allowed:
        connection.execute(update(FARMERS).where(FARMERS.c.id == farmer_id)
                           .values(**allowed, updated_at=now))


def forget(connection: Connection, phone: str) -> str | None:
    """Delete the profile of `phone` and its crops now; returns its name recording's URL (for
    the caller to delete) or None; nothing when there is no profile."""
    found = connection.execute(select(FARMERS.c.id, FARMERS.c.name_recording)
                               .where(FARMERS.c.phone == phone)).first()
    if found is None:
        return None
    connection.execute(update(QUESTIONS).where(QUESTIONS.c.farmer_id == found.id)
                       .values(farmer_id=None))
    connection.execute(delete(CROPS).where(CROPS.c.farmer_id == found.id))
    connection.execute(delete(FARMERS).where(FARMERS.c.id == found.id))
    return str(found.name_recording or "")


def _audience(desa_codes: Sequence[str], commodities: Sequence[str]) -> Any:
    query = select(FARMERS.c.phone).outerjoin(CONTACTS, CONTACTS.c.number == FARMERS.c.phone)
    query = query.where((CONTACTS.c.opted_out.is_(None)) | (CONTACTS.c.opted_out.is_(False)))
    if desa_codes:
        query = query.where(FARMERS.c.desa_code.in_(list(desa_codes)))
    if commodities:
        growers = select(CROPS.c.farmer_id).where(CROPS.c.commodity.in_(list(commodities)))
        query = query.where(FARMERS.c.id.in_(growers))
    return query


def audience(connection: Connection, desa_codes: Sequence[str],
             commodities: Sequence[str]) -> list[str]:
    """The numbers an alert to `desa_codes` and `commodities` (empty: all) reaches."""
    return [phone for (phone,) in connection.execute(_audience(desa_codes, commodities)
                                                     .order_by(FARMERS.c.phone))]


def audience_size(connection: Connection, desa_codes: Sequence[str],
                  commodities: Sequence[str]) -> int:
    """How many numbers `audience` would return."""
    query = _audience(desa_codes, commodities).subquery()
    return int(connection.execute(select(func.count()).select_from(query)).scalar_one())


def registered_by_desa_commodity(connection: Connection) -> list[tuple[str | None, str, int]]:
    """(desa, commodity, farmers) for the statistics."""
    return [(desa, crop, int(n)) for desa, crop, n in connection.execute(
        select(FARMERS.c.desa_code, CROPS.c.commodity, func.count())
        .join(CROPS, CROPS.c.farmer_id == FARMERS.c.id)
        .group_by(FARMERS.c.desa_code, CROPS.c.commodity))]
