"""Finding a desa/kelurahan or kecamatan of Kota Batu in what a citizen wrote.

Names are matched tolerantly: case, spaces, hyphens and repeated letters are ignored, the
spelling variants of `config/areas.yaml` count, and a near miss of one or two letters is
accepted for longer names ("Sumberbrantas" written "sumber berantas"). "Batu" alone is not taken
as a place: it is also the name of the city.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from routing.catalog import Catalog

AMBIGUOUS = {"batu", "kotabatu"}
FUZZY_MIN_LENGTH = 6
FUZZY_RATIO = 0.86


def squash(text: str) -> str:
    """Lower case, letters and digits only, runs of a repeated letter kept once."""
    letters = re.sub(r"[^0-9a-z]", "", text.lower())
    return re.sub(r"(.)\1+", r"\1", letters)


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place found in a text: the area, and the words that named it."""

    code: str
    name: str
    exact: bool


_INDEX: dict[int, tuple[Catalog, list[tuple[str, str, str]]]] = {}


def _names(catalog: Catalog) -> list[tuple[str, str, str]]:
    """(squashed name, area code, display name), desa/kelurahan before kecamatan; built once
    per catalog (catalogs are loaded at start-up and never change)."""
    cached = _INDEX.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    names = []
    for area in sorted(catalog.areas.values(), key=lambda a: (a.level == "kecamatan", a.code)):
        for written in (area.name, *area.variants):
            key = squash(written)
            if key and key not in AMBIGUOUS:
                names.append((key, area.code, area.name))
    _INDEX[id(catalog)] = (catalog, names)
    return names


def find_place(catalog: Catalog, text: str) -> PlaceMatch | None:
    """The first place named in `text`, a desa/kelurahan in preference to a kecamatan unless
    the text says "kecamatan X" (or "kec. X")."""
    named = re.search(r"\bkec(?:amatan)?\.?\s*([a-zA-Z]+)", text, re.IGNORECASE)
    if named:
        for area in catalog.kecamatan():
            if squash(area.name) == squash(named.group(1)):
                return PlaceMatch(area.code, area.name, True)
    words = re.findall(r"[0-9a-zA-Z]+", text)
    # Names are one to three words long ("oro oro ombo"); try every window of the text.
    windows = list(dict.fromkeys(  # in order, each once
        squash("".join(words[i:i + n])) for n in (3, 2, 1) for i in range(len(words))))
    present = set(windows)
    names = _names(catalog)
    for key, code, name in names:
        if key in present:
            return PlaceMatch(code, name, True)
    for key, code, name in names:
        if len(key) < FUZZY_MIN_LENGTH:
            continue
        letters = _letters(key)
        for window in windows:
            if abs(len(window) - len(key)) <= 2 and _similar(window, key, letters):
                return PlaceMatch(code, name, False)
    return None


@dataclass(frozen=True, slots=True)
class _Letters:
    counts: tuple[tuple[str, int], ...]
    others: dict[int, int | None]  # str.translate table that deletes the key's letters


@functools.lru_cache(maxsize=1024)
def _letters(key: str) -> _Letters:
    return _Letters(tuple(Counter(key).items()), str.maketrans("", "", "".join(set(key))))


def _similar(window: str, key: str, letters: _Letters) -> bool:
    """SequenceMatcher(None, window, key).ratio() >= FUZZY_RATIO, skipping the matcher when the
    letters the two share already rule it out: first the window's letters the key lacks
    altogether (one str.translate), then difflib's quick_ratio (shared letters with their
    counts), both upper bounds of ratio. Nearly every pair is ruled out before the matcher."""
    total = len(window) + len(key)
    if 2.0 * (len(window) - len(window.translate(letters.others))) / total < FUZZY_RATIO:
        return False
    shared = sum(min(count, window.count(letter)) for letter, count in letters.counts)
    if 2.0 * shared / total < FUZZY_RATIO:
        return False
    return SequenceMatcher(None, window, key).ratio() >= FUZZY_RATIO
