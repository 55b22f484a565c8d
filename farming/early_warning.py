"""Early warning from farmers' questions: the same pest or disease asked about in one desa and
its neighbours, often enough and recently enough, raises a flag.

A flag is raised for (desa, pest) when at least `threshold` questions of the last `window`,
from that desa and its neighbours, name the pest. Neighbours are the desa of the same kecamatan
unless a neighbour list is given. The flag lists its questions and the commodity most of them
are about, for a drafted alert.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from farming.assignment import kecamatan_of

THRESHOLD = 3
WINDOW = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """A question as the early warning sees it."""

    id: int
    desa: str | None
    asked_at: datetime
    pests: tuple[str, ...]
    commodity: str | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """A pest asked about around one desa: the questions, and the likely commodity."""

    desa: str
    pest: str
    questions: tuple[int, ...]
    commodity: str | None


def neighbours_of(desa: str, all_desa: Iterable[str],
                  listed: Mapping[str, Sequence[str]] | None = None) -> set[str]:
    """The desa itself and its neighbours: those listed, else the same kecamatan's."""
    if listed and desa in listed:
        return {desa, *listed[desa]}
    return {d for d in all_desa if kecamatan_of(d) == kecamatan_of(desa)} | {desa}


def flags(questions: Iterable[AskedQuestion], all_desa: Sequence[str], now: datetime,
          threshold: int = THRESHOLD, window: timedelta = WINDOW,
          listed: Mapping[str, Sequence[str]] | None = None) -> list[Flag]:
    """Every (desa, pest) with `threshold` or more recent questions around it, by desa code."""
    recent = [q for q in questions if q.desa and q.pests and now - q.asked_at <= window]
    raised = []
    for desa in sorted({q.desa for q in recent if q.desa}):
        around = neighbours_of(desa, all_desa, listed)
        near = [q for q in recent if q.desa in around]
        for pest in sorted({p for q in near for p in q.pests}):
            asked = [q for q in near if pest in q.pests]
            if len(asked) < threshold:
                continue
            crops = Counter(q.commodity for q in asked if q.commodity)
            raised.append(Flag(desa, pest, tuple(sorted(q.id for q in asked)),
                               crops.most_common(1)[0][0] if crops else None))
    return raised
