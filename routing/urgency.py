"""Words of danger in a citizen's text, and how much they raise its report's priority.

`config/routing.yaml` lists the words ("bahaya", "kebakaran", "tersengat", ...) with the
priority each calls for, and the deadlines of each raised priority. `assess` finds them in the
normalised text, skipping a word right after a negation ("tidak bahaya"), and returns the alarm
with the words that raised it, so the operator sees why; no word found means no alarm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from routing.catalog import PRIORITY_RANK

PRIORITIES = tuple(sorted(PRIORITY_RANK, key=PRIORITY_RANK.__getitem__))  # lowest first


@dataclass(frozen=True, slots=True)
class Deadlines:
    """How long an agency has to acknowledge and to resolve a report of a raised priority."""

    acknowledge_hours: int
    resolve_hours: int


@dataclass(frozen=True, slots=True)
class Urgency:
    """The danger words of the city, the negations that cancel them, and raised deadlines."""

    words: Mapping[str, str]  # normalised word or phrase -> priority it calls for
    negations: frozenset[str]
    deadlines: Mapping[str, Deadlines]  # priority -> deadlines


@dataclass(frozen=True, slots=True)
class Alarm:
    """The priority a text's danger words call for, and those words."""

    priority: str
    words: tuple[str, ...]
    deadlines: Deadlines

    def as_dict(self) -> dict[str, Any]:
        return {"priority": self.priority, "words": list(self.words),
                "acknowledge_hours": self.deadlines.acknowledge_hours,
                "resolve_hours": self.deadlines.resolve_hours}

    def raises(self, priority: str) -> bool:
        """Whether this alarm calls for more than `priority`."""
        return PRIORITIES.index(self.priority) > PRIORITIES.index(priority)


NO_URGENCY = Urgency({}, frozenset(), {})


def assess(urgency: Urgency, normalized: str) -> Alarm | None:
    """The alarm of a normalised text, or None when it holds no danger word."""
    tokens = normalized.split()
    found: dict[str, str] = {}
    for size in (3, 2, 1):
        for start in range(len(tokens) - size + 1):
            phrase = " ".join(tokens[start:start + size])
            priority = urgency.words.get(phrase)
            if priority is None or phrase in found:
                continue
            if start > 0 and tokens[start - 1] in urgency.negations:
                continue  # "tidak bahaya", "bukan darurat"
            found[phrase] = priority
    if not found:
        return None
    highest = max(found.values(), key=PRIORITIES.index)
    words = tuple(sorted(found, key=lambda w: (-PRIORITIES.index(found[w]), w)))
    return Alarm(highest, words, urgency.deadlines[highest])
