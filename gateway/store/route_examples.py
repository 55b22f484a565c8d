"""The city's own labelled routing examples, read from its reports: a text report an operator
forwarded, reassigned or gave a category (`corrected`), or marked as not a report (`not a
report`, labelled NOT_REPORT), or that its agency took up or resolved (`confirmed`). Each
operator correction is a label; `lapor route train` learns from them and `lapor route eval`
measures on the held-out part."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from gateway.store import models
from routing.model import NOT_REPORT

REPORTS = models.table(models.Report)
EVENTS = models.table(models.ReportEvent)
TEXT_CHANNELS = ("sms", "whatsapp", "web")
CORRECTIONS = ("reassigned", "corrected")
TAKEN_UP = ("in_progress", "resolved")
HELD_OUT_ONE_IN = 5


@dataclass(frozen=True, slots=True)
class Example:
    """A text with the agency the city's operators settled on, and how they did."""

    key: str  # the ticket
    text: str
    agency: str
    source: str  # "corrected", "not a report" or "confirmed"

    @property
    def held_out(self) -> bool:
        return held_out(self.key)


def held_out(key: str) -> bool:
    """Whether an example is kept for measuring, never for training: one in five, by key."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % HELD_OUT_ONE_IN == 0


def city_examples(connection: Connection) -> list[Example]:
    """Every text report whose agency an operator set or its agency confirmed, and every text
    an operator marked as not a report."""
    by_operator = EVENTS.c.actor.startswith("operator:")
    corrected = set(connection.execute(select(EVENTS.c.report_id).where(
        EVENTS.c.action.in_(CORRECTIONS), by_operator)).scalars())
    noise = connection.execute(select(REPORTS.c.ticket, REPORTS.c.text).join(
        EVENTS, EVENTS.c.report_id == REPORTS.c.id).where(
        EVENTS.c.action == "not_report", by_operator, REPORTS.c.channel.in_(TEXT_CHANNELS),
        REPORTS.c.text != "").order_by(REPORTS.c.id)).all()
    taken = set(connection.execute(select(EVENTS.c.report_id).where(
        EVENTS.c.action == "status", EVENTS.c.to_status.in_(TAKEN_UP))).scalars())
    rows = connection.execute(select(
        REPORTS.c.id, REPORTS.c.ticket, REPORTS.c.text, REPORTS.c.agency_code,
    ).where(REPORTS.c.channel.in_(TEXT_CHANNELS), REPORTS.c.kind == "report",
            REPORTS.c.agency_code.is_not(None), REPORTS.c.text != "",
            REPORTS.c.status.not_in(("duplicate", "cancelled")))
        .order_by(REPORTS.c.id))
    return [*(Example(r.ticket, r.text, r.agency_code, "corrected" if r.id in corrected
                      else "confirmed")
              for r in rows if r.id in corrected or r.id in taken),
            *(Example(r.ticket, r.text, NOT_REPORT, "not a report") for r in noise)]
