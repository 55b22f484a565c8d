"""Farmer profiles: what a farmer gives to register, read from a forgiving SMS, and what is
still missing.

    DAFTAR <nama>, <desa>, <komoditas...>      in any order; commas, semicolons, slashes,
                                               "dan" or new lines between; kelompok tani as
                                               "poktan <nama>" or "kelompok tani <nama>"

The place and commodity finders are passed in (the gateway gives the city's), so this stays pure.
NIK is never read from a text: a farmer who writes one gets it dropped, not stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

FIELDS = ("name", "desa", "commodities")
GROUP = re.compile(r"\b(?:kelompok\s*tani|klp\s*tani|poktan|kt)\s*[:.]?\s*([A-Za-z][\w .'-]{1,40})",
                   re.IGNORECASE)
NIK = re.compile(r"\b\d{16}\b")
SEPARATORS = re.compile(r"\s*(?:[,;/\n|]|\s-\s|\bdan\b|\blan\b|\bkaro\b|&)\s*", re.IGNORECASE)
NOT_A_NAME = {"nama", "saya", "aku", "kula", "desa", "dusun", "petani", "komoditas", "tanaman",
              "kelurahan", "kecamatan", "di", "ing"}


@dataclass(frozen=True, slots=True)
class Registration:
    """What a farmer gave so far."""

    name: str = ""
    desa: str | None = None
    commodities: tuple[str, ...] = ()
    group: str = ""

    @property
    def missing(self) -> tuple[str, ...]:
        """The fields still to ask for, in the order they are asked."""
        return tuple(f for f in FIELDS if not getattr(self, f))

    def merged(self, other: Registration) -> Registration:
        """This registration with what `other` adds (a follow-up answer)."""
        return replace(self, name=self.name or other.name, desa=self.desa or other.desa,
                       commodities=self.commodities or other.commodities,
                       group=self.group or other.group)


PlaceFinder = Callable[[str], str | None]
CommodityFinder = Callable[[str], Sequence[str]]


@dataclass
class _Reading:
    name_parts: list[str] = field(default_factory=list)
    desa: str | None = None
    commodities: list[str] = field(default_factory=list)


def _clean_name(text: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z.'-]*", text) if w.lower() not in NOT_A_NAME]
    return " ".join(w.capitalize() if w.islower() or w.isupper() else w for w in words)[:60]


def read_registration(text: str, find_place: PlaceFinder,
                      find_commodities: CommodityFinder) -> Registration:
    """Read a DAFTAR text (or a follow-up answer): name, desa, commodities, kelompok tani."""
    text = NIK.sub(" ", text)
    group = ""
    match = GROUP.search(text)
    if match:
        group = _clean_name(match.group(1))
        text = text[:match.start()] + " " + text[match.end():]
    reading = _Reading()
    for part in (p.strip() for p in SEPARATORS.split(text) if p and p.strip()):
        commodities = list(find_commodities(part))
        place = find_place(part)
        if commodities:
            reading.commodities += [c for c in commodities if c not in reading.commodities]
        if place and reading.desa is None:
            reading.desa = place
        if not commodities and not place:
            reading.name_parts.append(part)
    name = _clean_name(" ".join(reading.name_parts[:1]))
    return Registration(name, reading.desa, tuple(reading.commodities), group)
