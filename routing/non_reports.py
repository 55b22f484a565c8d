"""Texts that are not reports, told apart before routing: operator notices, bank and shop
alerts, one-time codes, promotions, scams, greetings and personal messages.

Machine-sent texts have marks a person's report never has: a USSD code (`*363#`), a quota in GB,
"Saldo rek.", an order number, a link to a promotion. Each mark is a signal in
`config/routing.yaml` (`non_reports`): a kind, a regular expression over the raw text, and a
weight. A text whose signals weigh at least `threshold`, and more than the best agency rule's
score times `report_margin`, is kept as a message and never filed; so "pungli Rp 50 ribu" or
"paket bantuan tidak sampai" (strong report words, weak signals) are still reports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

KINDS = ("operator_notice", "bank_alert", "one_time_code", "promotion", "scam", "greeting",
         "personal")
# Signals of kind `report` weigh against: a person asking the city to act.
REPORT = "report"
# Kinds a person sends: they may get a short polite answer (a machine never does).
FROM_PEOPLE = ("greeting", "personal")


@dataclass(frozen=True, slots=True)
class Signal:
    """One mark of a text that is not a report."""

    kind: str
    name: str
    pattern: re.Pattern[str]
    weight: float


@dataclass(frozen=True, slots=True)
class NonReports:
    """The signals, and how much they must weigh against a text's report words."""

    signals: tuple[Signal, ...] = ()
    threshold: float = 4.0
    report_margin: float = 1.0


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a text is not a report: its kind (the heaviest), the signals found, their weight."""

    kind: str
    names: tuple[str, ...]
    weight: float

    @property
    def from_a_person(self) -> bool:
        return self.kind in FROM_PEOPLE


NONE = NonReports()


def compile_signals(kinds: Mapping[str, Mapping[str, tuple[str, float]]]
                    ) -> tuple[Signal, ...]:
    """Signals from `{kind: {name: (pattern, weight)}}`; raises `re.error` on a bad pattern."""
    return tuple(Signal(kind, name, re.compile(pattern, re.IGNORECASE), weight)
                 for kind, named in kinds.items() for name, (pattern, weight) in named.items())


def judge(filter_: NonReports, text: str, report_score: float) -> Verdict | None:
    """The verdict on `text` when it is not a report; None when it may be one."""
    found = [s for s in filter_.signals if s.pattern.search(text)]
    weight = sum(s.weight for s in found)
    if weight < filter_.threshold or weight <= report_score * filter_.report_margin:
        return None
    by_kind: dict[str, float] = {}
    for signal in found:
        if signal.kind != REPORT:
            by_kind[signal.kind] = by_kind.get(signal.kind, 0.0) + signal.weight
    kind = max(by_kind, key=lambda k: (by_kind[k], -KINDS.index(k)))
    return Verdict(kind, tuple(s.name for s in found if s.kind != REPORT), weight)
