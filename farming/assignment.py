"""Who answers a farmer's question, and who it goes to when nobody has answered in time.

Each desa has exactly one responsible officer and at most one backup. A question is assigned to
the responsible officer of the farmer's desa. Unanswered after `escalate_after` it goes to the
backup (level 1), then to the coordinators of the desa's kecamatan and of the whole city
(level 2); each step waits the same time again. A question from a farmer with no known desa
goes to the coordinators at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from farming.catalog import Coordinator, Officer

TOP_LEVEL = 2


@dataclass(frozen=True, slots=True)
class Roster:
    """The officers and coordinators as they stand now (edited on the page)."""

    officers: Mapping[str, Officer]
    coordinators: Mapping[str, Coordinator]

    def responsible(self, desa: str) -> Officer | None:
        return next((o for o in self.officers.values() if desa in o.desa), None)

    def backup(self, desa: str) -> Officer | None:
        return next((o for o in self.officers.values() if desa in o.backup_for), None)

    def coordinators_of(self, kecamatan: str) -> tuple[Coordinator, ...]:
        return tuple(c for c in self.coordinators.values()
                     if not c.kecamatan or c.kecamatan == kecamatan)

    def desa_of(self, officer_code: str) -> tuple[str, ...]:
        """Every desa an officer answers for or stands in for."""
        officer = self.officers.get(officer_code)
        return () if officer is None else (*officer.desa, *officer.backup_for)


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who holds a question now: an officer (by code), or the coordinators (level 2)."""

    level: int
    officer: str | None
    notify: tuple[str, ...]  # phone numbers told of the question at this level


def kecamatan_of(desa: str) -> str:
    """'35.79.02.2001' -> '35.79.02'."""
    return desa.rsplit(".", 1)[0] if desa.count(".") == 3 else ""


def assign(roster: Roster, desa: str | None, level: int = 0) -> Assignment:
    """Who a question from `desa` goes to at escalation `level` (0 responsible, 1 backup, 2
    coordinators); a missing officer moves it up a level."""
    if desa and level <= 0:
        officer = roster.responsible(desa)
        if officer is not None:
            return Assignment(0, officer.code, (officer.phone,))
        level = 1
    if desa and level == 1:
        officer = roster.backup(desa)
        if officer is not None:
            return Assignment(1, officer.code, (officer.phone,))
    coordinators = roster.coordinators_of(kecamatan_of(desa or ""))
    return Assignment(TOP_LEVEL, None, tuple(c.phone for c in coordinators))


def due_escalations(questions: Iterable[tuple[int, int, datetime]], now: datetime,
                    escalate_after: timedelta) -> list[int]:
    """The ids of the open questions (id, level, held since) that waited too long at their
    level and can still go up one."""
    return [qid for qid, level, since in questions
            if level < TOP_LEVEL and now - since >= escalate_after]
