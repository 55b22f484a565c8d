"""Market prices and the officers' roster: the one module that writes `market_prices`,
`field_officers` and `officer_areas` once they are in the database (seeded from config by
`gateway.store.farming_reference`, then edited on the pages)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from farming.assignment import Roster
from farming.catalog import Coordinator, Officer
from farming.prices import PricePoint
from gateway.store import models
from gateway.store.database import upsert

PRICES = models.table(models.MarketPrice)
OFFICERS = models.table(models.FieldOfficer)
AREAS = models.table(models.OfficerArea)


def price_points(connection: Connection, commodity: str, since: date) -> list[PricePoint]:
    """Every price of `commodity` entered for a day on or after `since`."""
    return [PricePoint(r.commodity, r.market, r.unit, r.price, r.day) for r in connection.execute(
        select(PRICES).where(PRICES.c.commodity == commodity, PRICES.c.day >= since))]


def record_price(connection: Connection, point: PricePoint, operator: str,
                 now: datetime) -> None:
    """Enter a price; a second price for the same commodity, market and day replaces it."""
    connection.execute(upsert(PRICES, connection.dialect, ("commodity", "market", "day"), {
        "commodity": point.commodity, "market": point.market, "unit": point.unit,
        "price": point.price, "day": point.day, "entered_by": operator, "created_at": now},
        ("unit", "price", "entered_by", "created_at")))


def recent_prices(connection: Connection, limit: int = 60) -> list[PricePoint]:
    """The latest prices entered, newest day first."""
    return [PricePoint(r.commodity, r.market, r.unit, r.price, r.day) for r in connection.execute(
        select(PRICES).order_by(PRICES.c.day.desc(), PRICES.c.commodity).limit(limit))]


@dataclass(frozen=True, slots=True)
class OfficerRow:
    """An officer or coordinator as the pages list them."""

    code: str
    name: str
    phone: str
    kind: str
    kecamatan_code: str | None
    active: bool


def roster(connection: Connection) -> Roster:
    """The roster as it stands: active officers with their desa, and the coordinators."""
    areas = connection.execute(select(AREAS)).all()
    officers, coordinators = {}, {}
    for row in connection.execute(select(OFFICERS).where(OFFICERS.c.active.is_(True))):
        if row.kind == "coordinator":
            coordinators[row.code] = Coordinator(row.code, row.name, row.phone,
                                                 row.kecamatan_code or "")
            continue
        officers[row.code] = Officer(
            row.code, row.name, row.phone,
            tuple(a.desa_code for a in areas if a.officer_code == row.code),
            tuple(a.desa_code for a in areas if a.backup_code == row.code))
    return Roster(officers, coordinators)


def officers(connection: Connection) -> list[OfficerRow]:
    """Every officer and coordinator, officers first, by name."""
    return [OfficerRow(r.code, r.name, r.phone, r.kind, r.kecamatan_code, r.active)
            for r in connection.execute(select(OFFICERS).order_by(OFFICERS.c.kind.desc(),
                                                                  OFFICERS.c.name))]


def areas(connection: Connection) -> dict[str, tuple[str, str | None]]:
    """desa -> (responsible officer, backup)."""
    return {r.desa_code: (r.officer_code, r.backup_code) for r in connection.execute(
        select(AREAS))}


def save_officer(connection: Connection, code: str, name: str, phone: str, active: bool,
                 kind: str = "officer", kecamatan: str | None = None) -> None:
    """Add an officer or change one."""
    connection.execute(upsert(OFFICERS, connection.dialect, ("code",), {
        "code": code, "name": name, "phone": phone, "active": active, "kind": kind,
        "kecamatan_code": kecamatan}, ("name", "phone", "active", "kind", "kecamatan_code")))


def assign_desa(connection: Connection, desa: str, officer: str, backup: str | None) -> None:
    """Make `officer` responsible for `desa` (and `backup` its backup)."""
    connection.execute(upsert(AREAS, connection.dialect, ("desa_code",), {
        "desa_code": desa, "officer_code": officer, "backup_code": backup},
        ("officer_code", "backup_code")))


def deactivate_officer(connection: Connection, code: str) -> None:
    """An officer who left: kept for the history, no longer assigned new questions."""
    connection.execute(update(OFFICERS).where(OFFICERS.c.code == code).values(active=False))


def desa_of(connection: Connection, officer_code: str) -> Sequence[str]:
    """The desa an officer answers for or stands in for."""
    return [r.desa_code for r in connection.execute(select(AREAS).where(
        (AREAS.c.officer_code == officer_code) | (AREAS.c.backup_code == officer_code)))]
