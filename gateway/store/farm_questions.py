"""Farmers' questions: the one module that writes `farm_questions`.

A question is a report of kind "question" (`gateway.store.reports`); this row holds who has it
(officer and escalation level), its answer, the farmer's "did it help", and a field visit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from gateway.store import models

QUESTIONS = models.table(models.FarmQuestion)
REPORTS = models.table(models.Report)


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """A question with what its report knows: ticket, text, who asked, status."""

    report_id: int
    ticket: str
    text: str
    reporter: str | None
    language: str
    channel: str
    status: str
    created_at: datetime
    farmer_id: int | None
    desa_code: str | None
    commodity: str | None
    topic: str | None
    pests: tuple[str, ...]
    officer_code: str | None
    level: int
    held_since: datetime
    asked_at: datetime
    answer_text: str
    answer_audio_path: str | None
    answered_at: datetime | None
    answered_by: str
    helpful: bool | None
    visit_on: date | None
    visit_outcome: str
    advice_item_id: int | None
    recording: str | None = None


_SELECT = select(REPORTS.c.ticket, REPORTS.c.text, REPORTS.c.reporter, REPORTS.c.language,
                 REPORTS.c.channel, REPORTS.c.status, REPORTS.c.created_at, QUESTIONS).join(
    REPORTS, REPORTS.c.id == QUESTIONS.c.report_id)


def _row(found: Any) -> QuestionRow:
    values = dict(found)
    values["pests"] = tuple(values.get("pests") or ())
    return QuestionRow(**values)


def insert_question(connection: Connection, report_id: int, values: dict[str, Any],
                    now: datetime) -> None:
    """The question row of report `report_id`: farmer_id, desa_code, commodity, topic,
    pests, officer_code, level."""
    connection.execute(insert(QUESTIONS).values(
        report_id=report_id, held_since=now, asked_at=now, answer_text="", answered_by="",
        visit_outcome="", **values))


def find(connection: Connection, report_id: int | None = None,
         ticket: str | None = None) -> QuestionRow | None:
    """The question of a report id or ticket, or None."""
    query = _SELECT.where(QUESTIONS.c.report_id == report_id) if report_id is not None \
        else _SELECT.where(REPORTS.c.ticket == ticket)
    found = connection.execute(query).mappings().first()
    return _row(found) if found else None


def listed(connection: Connection, desa_codes: Sequence[str] | None, answered: bool | None,
           limit: int = 200) -> list[QuestionRow]:
    """Questions of `desa_codes` (None: all), newest first; `answered` True/False/None
    (both)."""
    query = _SELECT
    if desa_codes is not None:
        query = query.where(QUESTIONS.c.desa_code.in_(list(desa_codes)))
    if answered is True:
        query = query.where(QUESTIONS.c.answered_at.is_not(None))
    elif answered is False:
        query = query.where(QUESTIONS.c.answered_at.is_(None))
    query = query.order_by(REPORTS.c.created_at.desc(), REPORTS.c.id.desc()).limit(limit)
    return [_row(r) for r in connection.execute(query).mappings()]


def answer(connection: Connection, report_id: int, text: str, audio_path: str | None,
           operator: str, now: datetime) -> None:
    """Keep an officer's answer (text, or an uploaded recording, or both)."""
    connection.execute(update(QUESTIONS).where(QUESTIONS.c.report_id == report_id).values(
        answer_text=text, answer_audio_path=audio_path, answered_at=now, answered_by=operator))


def escalate(connection: Connection, report_id: int, level: int, officer_code: str | None,
             now: datetime) -> None:
    """Hand the question to the next level's holder."""
    connection.execute(update(QUESTIONS).where(QUESTIONS.c.report_id == report_id).values(
        level=level, officer_code=officer_code, held_since=now))


def waiting(connection: Connection) -> list[tuple[int, int, datetime]]:
    """(report id, level, held since) of every unanswered, open question."""
    return [(int(r), int(level), since) for r, level, since in connection.execute(
        select(QUESTIONS.c.report_id, QUESTIONS.c.level, QUESTIONS.c.held_since)
        .join(REPORTS, REPORTS.c.id == QUESTIONS.c.report_id)
        .where(QUESTIONS.c.answered_at.is_(None), REPORTS.c.status.in_(("new", "verified",
                                                                          "forwarded",
                                                                          "in_progress"))))]


def asked_since(connection: Connection, since: datetime) -> list[tuple[Any, ...]]:
    """(report id, desa, asked at, pests, commodity) of the questions asked since `since`."""
    return [tuple(row) for row in connection.execute(
        select(QUESTIONS.c.report_id, QUESTIONS.c.desa_code, QUESTIONS.c.asked_at,
               QUESTIONS.c.pests, QUESTIONS.c.commodity)
        .where(QUESTIONS.c.asked_at >= since))]


def set_fields(connection: Connection, report_id: int, **values: Any) -> None:
    """Set `helpful`, `visit_on`, `visit_outcome` or `advice_item_id` of a question."""
    allowed = {"helpful", "visit_on", "visit_outcome", "advice_item_id"}
    connection.execute(update(QUESTIONS).where(QUESTIONS.c.report_id == report_id)
                       .values(**{k: v for k, v in values.items() if k in allowed}))


def answer_hours(connection: Connection) -> list[tuple[str, str | None, float]]:
    """(answered by, desa, hours from question to answer) of every answered question."""
    rows = connection.execute(select(QUESTIONS.c.answered_by, QUESTIONS.c.desa_code,
                                     QUESTIONS.c.asked_at, QUESTIONS.c.answered_at)
                              .where(QUESTIONS.c.answered_at.is_not(None)))
    return [(by, desa, (answered - asked).total_seconds() / 3600)
            for by, desa, asked, answered in rows]


def tickets_of(connection: Connection, report_ids: Sequence[int]) -> dict[int, str]:
    """The tickets of questions, by report id."""
    if not report_ids:
        return {}
    return {int(i): str(t) for i, t in connection.execute(
        select(REPORTS.c.id, REPORTS.c.ticket).where(REPORTS.c.id.in_(list(report_ids))))}
