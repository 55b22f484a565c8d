"""A small farmers' line to try: three officers who can sign in, twenty farmers in Bumiaji,
Batu and Junrejo, a fortnight of prices, and a few questions (one answered). `lapor dev
demo-farming` loads it into a development database; running it again adds nothing twice."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from farming.catalog import FarmingCatalog
from farming.prices import PricePoint
from farming.profiles import Registration
from gateway.farming import questions, registration
from gateway.store import farm_reference, farmers
from gateway.store.database import Connection
from routing.catalog import Catalog

OFFICERS = (("demo-ppl04", "ppl_04"), ("demo-ppl05", "ppl_05"), ("demo-ppl08", "ppl_08"))
NAMES = ("Sutrisno", "Sri Wahyuni", "Bambang", "Siti Aminah", "Joko", "Lestari", "Hartono",
         "Wiji", "Suparmi", "Agus", "Rukmini", "Slamet", "Yuliani", "Darmaji", "Endang",
         "Priyo", "Tumini", "Kusnadi", "Marsini", "Wahyudi")
DESA = ("35.79.02.2001", "35.79.02.2003", "35.79.02.2009", "35.79.02.2002", "35.79.01.1004",
        "35.79.03.2002", "35.79.02.2004")
CROPS = (("kentang", "kubis"), ("apel",), ("wortel", "kentang"), ("kubis",), ("jeruk",),
         ("susu",), ("apel", "jeruk"))
PRICES = {"kentang": 7500, "kubis": 3000, "wortel": 4500, "apel": 12000, "jeruk": 9000,
          "susu": 6200}
QUESTIONS = ((0, "daun kentang saya menghitam dan busuk setelah hujan, apa obatnya?"),
             (1, "apel saya banyak kutu hijau di pucuk, semprot apa?"),
             (3, "kobis bolong-bolong akeh uler, piye carane?"))


@dataclass(frozen=True)
class Demo:
    """What the demo loaded."""

    farmers: int
    prices: int
    questions: int


def load(connection: Connection, catalog: Catalog, farming: FarmingCatalog, now: datetime,
         ticket_factory: Callable[[], str]) -> Demo:
    """Load the demo farmers, prices and questions (what is there already is left alone)."""
    added = 0
    for n, name in enumerate(NAMES):
        phone = f"+628123000{n:04d}"
        if farmers.by_phone(connection, phone) is None:
            registration.save(connection, phone, Registration(
                name, DESA[n % len(DESA)], CROPS[n % len(CROPS)],
                "Tani Makmur" if n % 3 == 0 else ""), "jv" if n % 2 else "id", "officer", now,
                registered_by="demo")
            added += 1
    entered = 0
    for crop, price in PRICES.items():
        for ago, change in ((0, 0), (7, -500), (14, -300)):
            point = PricePoint(crop, farming.default_market.code,
                               farming.commodities[crop].unit, price + change,
                               (now - timedelta(days=ago)).date())
            farm_reference.record_price(connection, point, "demo", now)
            entered += 1
    asked = 0
    if added:
        for n, text in QUESTIONS:
            filed = questions.ask(connection, catalog, farming, f"+628123000{n:04d}", "sms",
                                  "jv" if n % 2 else "id", text, now, ticket_factory)
            asked += 1
            if n == 1:
                questions.answer(connection, filed.report_id, "Potong pucuk yang penuh kutu, "
                                 "pasang perangkap kuning, semprot hanya bila berat.",
                                 None, "demo-ppl04", now)
    return Demo(added, entered, asked)


def password() -> str:
    """A password for a demo officer."""
    return secrets.token_urlsafe(12)
