"""Routing decisions: the agency a report goes to, with the reason, as plain data.

A decision with `agency=None` sends the report to the command center's triage queue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from routing.catalog import Catalog
from routing.urgency import Alarm


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a text goes: agency, category, how sure, and the rules that decided."""

    agency: str | None
    confidence: float
    external: bool
    rule: str
    explanation: str
    category: str | None = None
    words: tuple[str, ...] = ()
    scores: Mapping[str, float] = field(default_factory=dict)
    runner_up: str | None = None
    not_report: bool = False
    # Which kind of non-report (routing/non_reports.py KINDS); None for the plain word list.
    non_report_kind: str | None = None
    # A shared duty: the partner outside the city told too (its reply goes to the citizen).
    notified: str | None = None
    reply: Mapping[str, str] = field(default_factory=dict)  # for external agencies
    alarm: Alarm | None = None  # words of danger that raise the report's priority

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency, "confidence": self.confidence, "external": self.external,
            "rule": self.rule, "explanation": self.explanation, "category": self.category,
            "words": list(self.words), "scores": dict(self.scores),
            "runner_up": self.runner_up, "not_report": self.not_report,
            "non_report_kind": self.non_report_kind, "notified": self.notified,
            "alarm": self.alarm.as_dict() if self.alarm else None,
        }


def route_by_category(catalog: Catalog, category_code: str | None) -> Decision:
    """Route a report whose category is known (from a menu or an operator) to its default agency.

    An unknown or missing category, or a category without an agency, goes to triage.
    """
    category = catalog.categories.get(category_code or "")
    if category is None:
        return Decision(None, 0.0, False, "no-category", "Kategori belum diketahui: ke triase.")
    if category.agency is None:
        return Decision(
            None, 1.0, False, f"category:{category.code}",
            f"Kategori '{category.name('id')}' tidak punya dinas tetap: ke triase.",
            category=category.code,
        )
    agency = catalog.agencies[category.agency]
    return Decision(
        agency.code, 1.0, agency.external, f"category:{category.code}",
        f"Kategori '{category.name('id')}' ditangani {agency.short_name}.",
        category=category.code,
    )
