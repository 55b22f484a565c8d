"""Finding commodities (and pests) in what a farmer wrote, tolerantly.

A commodity is named by its code, its names in three languages or its variants (local names such
as "kobis" or "lombok", common misspellings). Case, spaces, hyphens and repeated letters are
ignored ("KENTANG", "ken-tang", "kentaaang"), and a near miss of a letter or two is accepted for
names of five letters or more ("kentnag", "wortle").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from farming.catalog import FarmingCatalog, Pest
from routing.normalize import normalize
from routing.places import squash

FUZZY_MIN_LENGTH = 5
FUZZY_RATIO = 0.8


_INDEX: dict[int, tuple[FarmingCatalog, tuple[tuple[str, str], ...]]] = {}


def _index(catalog: FarmingCatalog) -> tuple[tuple[str, str], ...]:
    """(squashed name, commodity code), longest names first so "jeruk keprok" wins over
    "jeruk"; built once per catalog (catalogs never change once loaded)."""
    cached = _INDEX.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    names = []
    for commodity in catalog.commodities.values():
        for written in (commodity.code.replace("_", " "), *commodity.names.values(),
                        *commodity.variants):
            key = squash(written)
            if key:
                names.append((key, commodity.code))
    index = tuple(sorted(set(names), key=lambda n: (-len(n[0]), n)))
    _INDEX[id(catalog)] = (catalog, index)
    return index


def _windows(text: str) -> list[tuple[int, int, str]]:
    """Every run of one to three words: (first word, word count, squashed text)."""
    words = re.findall(r"[0-9A-Za-z']+", text)
    return [(i, n, squash("".join(words[i:i + n]))) for n in (3, 2, 1)
            for i in range(len(words) - n + 1)]


def find_commodities(catalog: FarmingCatalog, text: str) -> list[str]:
    """The codes of every commodity named in `text`, in the order written, each once."""
    names = _index(catalog)
    found: dict[str, int] = {}
    taken: set[int] = set()
    for first, count, window in _windows(text):
        span = set(range(first, first + count))
        if span & taken:
            continue
        code = _match(window, names)
        if code is not None:
            taken |= span
            found.setdefault(code, first)
    return sorted(found, key=found.__getitem__)


def find_commodity(catalog: FarmingCatalog, text: str) -> str | None:
    """The first commodity named in `text`, or None."""
    found = find_commodities(catalog, text)
    return found[0] if found else None


def _match(window: str, names: Iterable[tuple[str, str]]) -> str | None:
    for key, code in names:
        if window == key:
            return code
    if len(window) < FUZZY_MIN_LENGTH:
        return None
    best, best_ratio = None, FUZZY_RATIO
    for key, code in names:
        if len(key) < FUZZY_MIN_LENGTH or abs(len(key) - len(window)) > 2:
            continue
        ratio = SequenceMatcher(None, window, key).ratio()
        if ratio >= best_ratio:
            best, best_ratio = code, ratio
    return best


def pests_named(pests: Iterable[Pest], text: str) -> list[str]:
    """The codes of the pests and diseases a question names: one of their words, or, for a
    phrase of several words, all of them close together ("daun ... menghitam dan busuk")."""
    tokens = [t for t in re.split(r"[^a-z0-9]+", text.lower()) if t]
    normal = normalize(text).split()
    found = []
    for pest in pests:
        if any(_near(re.split(r"[^a-z0-9]+", word.lower()), words)
               for word in pest.words for words in (tokens, normal)):
            found.append(pest.code)
    return found


NEAR = 4  # words that may come between the words of a phrase


def _near(phrase: list[str], words: list[str]) -> bool:
    phrase = [p for p in phrase if p]
    if not phrase:
        return False
    if len(phrase) == 1:
        return phrase[0] in words
    span = len(phrase) + NEAR
    return any(all(p in words[start:start + span] for p in phrase)
               for start in range(max(1, len(words) - len(phrase) + 1)))
