"""Market prices: the latest price of a commodity, its change against a week before, whether it
is old, and how a buyer's offer compares with it.

Prices are whole rupiah per unit (Rp/kg, Rp/liter, Rp/tangkai). A price older than
`STALE_AFTER` days is said to be old; "a week before" is the latest price at least seven days
older than the one quoted, so a change is never measured against a price of the same week.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

STALE_AFTER = timedelta(days=3)
WEEK = timedelta(days=7)
# An offer this far under the market price is low; this far over it is good.
LOW_BELOW = 0.9
GOOD_ABOVE = 1.0
MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


@dataclass(frozen=True, slots=True)
class PricePoint:
    """One entered price: a commodity at a market on a day."""

    commodity: str
    market: str
    unit: str
    price: int
    day: date


@dataclass(frozen=True, slots=True)
class Quote:
    """What a farmer is told: the latest price, the one a week before it, and its age."""

    latest: PricePoint
    week_before: PricePoint | None
    stale: bool

    @property
    def change(self) -> int | None:
        return None if self.week_before is None else self.latest.price - self.week_before.price


def quote(points: Iterable[PricePoint], commodity: str, today: date,
          market: str | None = None) -> Quote | None:
    """The latest price of `commodity` (at `market`, else at any market), or None."""
    chosen = sorted((p for p in points if p.commodity == commodity
                     and (market is None or p.market == market) and p.day <= today),
                    key=lambda p: p.day, reverse=True)
    if not chosen:
        return None
    latest = chosen[0]
    same_market = [p for p in chosen if p.market == latest.market]
    before = next((p for p in same_market if p.day <= latest.day - WEEK), None)
    return Quote(latest, before, today - latest.day > STALE_AFTER)


@dataclass(frozen=True, slots=True)
class Offer:
    """A buyer's offer against the market: how it compares and by how much."""

    offered: int
    market: int
    verdict: str  # low, fair, good

    @property
    def difference(self) -> int:
        return self.offered - self.market

    @property
    def percent(self) -> int:
        return round(100 * self.difference / self.market) if self.market else 0


def compare_offer(found: Quote, offered: int) -> Offer:
    """How `offered` (Rp per unit) compares with the quoted market price."""
    market = found.latest.price
    ratio = offered / market if market else 1.0
    verdict = "low" if ratio < LOW_BELOW else "good" if ratio >= GOOD_ABOVE else "fair"
    return Offer(offered, market, verdict)


def read_offer(text: str) -> int | None:
    """A price written in an SMS (the last number): '6000', '6.000', 'Rp 6.000', '6rb',
    '6 ribu', '6,5rb'."""
    matches = list(re.finditer(r"(\d+(?:[.,]\d+)*)\s*(rb|ribu|k)?\b", text.lower()))
    if not matches:
        return None
    match = matches[-1]  # "jeruk batu 55 7000": the offer is the last number
    number, thousands = match.group(1), match.group(2)
    if thousands:
        value = float(number.replace(".", "").replace(",", ".")) * 1000
    else:
        value = float(re.sub(r"[.,](\d{3})", r"\1", number).replace(",", "."))
    return int(round(value)) if 0 < value < 10**9 else None


def rupiah(amount: int) -> str:
    """7500 -> 'Rp7.500' (Indonesian thousands separator)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def short_date(day: date) -> str:
    """date(2026, 11, 30) -> '30 Nov'."""
    return f"{day.day} {MONTHS_ID[day.month - 1]}"
