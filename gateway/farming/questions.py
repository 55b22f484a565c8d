"""Farmers' questions to their desa's field officer: asked, answered, escalated, rated.

`ask` files a question as a report of kind "question" (category `tanya_tani`, its own ticket)
and assigns it to the responsible officer of the farmer's desa, who is texted. `answer` keeps an
officer's answer and texts the farmer: the answer itself when it fits two SMS, else that it is
ready to be heard on the hotline; then asks once whether it helped. `escalate_due` (the worker)
moves a question nobody answered in time to the backup, then to the coordinators.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from farming.assignment import TOP_LEVEL, assign, due_escalations
from farming.catalog import FarmingCatalog
from farming.names import find_commodity, pests_named
from farming.replies import farm_reply
from gateway.reports import history
from gateway.reports.filing import NewReport, file_report
from gateway.reports.history import Event
from gateway.reports.notices import queue_text
from gateway.store import conversations, farm_questions, farm_reference, farmers
from gateway.store import reports as report_rows
from gateway.store.database import Connection
from routing.catalog import Catalog
from sms.segments import count_segments

log = logging.getLogger(__name__)
CATEGORY = "tanya_tani"
SUMMARY = 80


@dataclass(frozen=True, slots=True)
class Asked:
    """A question as its farmer is told: its report id and ticket."""

    report_id: int
    ticket: str


def ask(connection: Connection, catalog: Catalog, farming: FarmingCatalog, phone: str | None,
        channel: str, language: str, text: str, now: datetime,
        ticket_factory: Callable[[], str], desa: str | None = None,
        commodity: str | None = None, topic: str | None = None,
        call_sid: str | None = None) -> Asked:
    """File a farmer's question and hand it to the desa's officer (texted at once)."""
    farmer = farmers.by_phone(connection, phone) if phone else None
    desa = desa or (farmer.desa_code if farmer else None)
    commodity = commodity or find_commodity(farming, text) or (
        farmer.commodities[0] if farmer and farmer.commodities else None)
    filed = file_report(connection, catalog, NewReport(
        channel=channel, reporter=phone, language=language, category_code=CATEGORY,
        area_code=desa, text=text, call_sid=call_sid, kind="question"), now=now,
        ticket_factory=ticket_factory)
    if filed.existing:
        return Asked(filed.id, filed.ticket)
    holder = assign(farm_reference.roster(connection), desa)
    farm_questions.insert_question(connection, filed.id, {
        "farmer_id": farmer.id if farmer else None, "desa_code": desa, "commodity": commodity,
        "topic": topic, "pests": pests_named(farming.pests.values(), text),
        "officer_code": holder.officer, "level": holder.level}, now)
    place = catalog.areas[desa].name if desa and desa in catalog.areas \
        else "desa tidak diketahui"
    for number in holder.notify:
        queue_text(connection, number, "sms", farm_reply(
            "officer_new_question", "id", ticket=filed.ticket, desa=place,
            summary=_summary(text)), now, filed.id, force=True)
    history.record(connection, now, Event(filed.id, "system", "assigned", {
        "officer": holder.officer or "", "level": holder.level}))
    log.info("question %s from desa %s assigned to %s", filed.ticket, desa or "-",
             holder.officer or "coordinators")
    return Asked(filed.id, filed.ticket)


def _summary(text: str) -> str:
    text = " ".join(text.split()) or "(pertanyaan suara)"
    return text if len(text) <= SUMMARY else text[:SUMMARY - 1].rsplit(" ", 1)[0] + "..."


def answer(connection: Connection, report_id: int, text: str, audio_path: str | None,
           operator: str, now: datetime) -> bool:
    """Keep an officer's answer and text the farmer; False when there is no such question."""
    found = farm_questions.find(connection, report_id=report_id)
    if found is None:
        return False
    farm_questions.answer(connection, report_id, text, audio_path, operator, now)
    history.record(connection, now, Event(report_id, operator, "answered", {
        "text": text[:500], "recording": bool(audio_path)}, from_status=found.status,
        to_status="resolved"))
    report_rows.update_report(connection, report_id, now, status="resolved")
    if found.reporter:
        full = farm_reply("answer", found.language, ticket=found.ticket, answer=text)
        fits = bool(text) and count_segments(full).count <= 2
        body = full if fits else farm_reply("answer_ready", found.language, ticket=found.ticket)
        if queue_text(connection, found.reporter, _texts(found.channel), body, now, report_id):
            queue_text(connection, found.reporter, _texts(found.channel),
                       farm_reply("helpful_ask", found.language), now, report_id)
            conversations.start(connection, found.reporter, _texts(found.channel), "helpful",
                                report_id, now, minutes=7 * 24 * 60)
    return True


def _texts(channel: str) -> str:
    return "whatsapp" if channel == "whatsapp" else "sms"


def rate(connection: Connection, report_id: int, helpful: bool, now: datetime) -> None:
    """The farmer's "did this help?" answer."""
    farm_questions.set_fields(connection, report_id, helpful=helpful)
    history.record(connection, now, Event(report_id, "citizen", "helpful",
                                          {"helpful": helpful}))


def escalate_due(connection: Connection, catalog: Catalog, farming: FarmingCatalog,
                 now: datetime) -> int:
    """Move every question that waited too long at its level one level up; returns how many."""
    after = timedelta(hours=farming.escalate_after_hours)
    roster = farm_reference.roster(connection)
    moved = 0
    for report_id in due_escalations(farm_questions.waiting(connection), now, after):
        found = farm_questions.find(connection, report_id=report_id)
        if found is None:
            continue
        holder = assign(roster, found.desa_code, found.level + 1)
        if holder.level <= found.level:
            holder = assign(roster, found.desa_code, TOP_LEVEL)
        farm_questions.escalate(connection, report_id, holder.level, holder.officer, now)
        desa = found.desa_code or ""
        place = catalog.areas[desa].name if desa in catalog.areas else "-"
        for number in holder.notify:
            queue_text(connection, number, "sms", farm_reply(
                "officer_escalated", "id", ticket=found.ticket, desa=place,
                hours=str(farming.escalate_after_hours), summary=_summary(found.text)),
                now, report_id, force=True)
        history.record(connection, now, Event(report_id, "system", "escalated", {
            "from_officer": found.officer_code or "", "to_officer": holder.officer or "",
            "level": holder.level}))
        moved += 1
    return moved
