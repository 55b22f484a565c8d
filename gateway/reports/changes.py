"""Changing a filed report: status, agency, category and place, notes, ratings, merging.

Every change writes the report row and its history in the caller's transaction, and a status
change texts everyone who reported the problem (`notify_status`). Operators' pages, the SMS
commands and the hotline all change reports through these functions; who may do what is checked
by the caller (`gateway.operators.actions`, `gateway.texting.commands`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from gateway.channels import texts_channel
from gateway.reports import duplicates, history
from gateway.reports.history import Event
from gateway.reports.lifecycle import NOTIFIED, ReportStatus
from gateway.reports.notices import queue_status_text, withdraw_status_texts
from gateway.store import conversations
from gateway.store import reports as rows
from gateway.store.database import Connection
from gateway.store.reports import OpenReport, ReportRow, find
from routing.catalog import Catalog
from sms.replies import TRIAGE, status_reply

log = logging.getLogger(__name__)
__all__ = ["ReportRow", "change_status", "correct", "find", "merge", "not_a_report",
           "public_ticket", "rate", "reassign", "set_place"]


def public_ticket(connection: Connection, report: ReportRow) -> str:
    """The ticket the reporter follows: a duplicate's reporter follows the open report."""
    if report.parent_id is None:
        return report.ticket
    parent = find(connection, report_id=report.parent_id, lock=False)
    return parent.ticket if parent is not None else report.ticket


def _write(connection: Connection, report: ReportRow, now: datetime, **values: Any) -> None:
    rows.update_report(connection, report.id, now, **values)


def change_status(connection: Connection, catalog: Catalog, report: ReportRow,
                  status: ReportStatus, actor: str, now: datetime, reason: str = "",
                  notify: bool = True) -> None:
    """Move `report` to `status`, record why, and (with `notify`) text its reporters where it
    stands now; a status they are not told about withdraws what was still held for them."""
    _write(connection, report, now, status=status.value)
    history.record(connection, now, Event(
        report.id, actor, "status", {"reason": reason} if reason else {},
        from_status=report.status, to_status=status.value))
    if notify and status in NOTIFIED:
        notify_status(connection, catalog, report, status, reason, now)
    elif notify:
        withdraw_status_texts(connection, report.id, now)


def not_a_report(connection: Connection, catalog: Catalog, report: ReportRow, actor: str,
                 now: datetime) -> None:
    """An operator's word that this is not a report (a promotion, a chat, a machine's notice):
    it is cancelled without a text to the sender, and it becomes a labelled example the
    trained router learns from (`gateway.store.route_examples`)."""
    history.record(connection, now, Event(report.id, actor, "not_report", {}))
    change_status(connection, catalog, report, ReportStatus.CANCELLED, actor, now,
                  reason="bukan laporan")


def notify_status(connection: Connection, catalog: Catalog, report: ReportRow,
                  status: ReportStatus, reason: str, now: datetime) -> None:
    """Text everyone who reported this problem, each in their own language, where it stands
    (held a few minutes, so quick changes go as one text); after resolution, ask each for a
    rating."""
    agency = catalog.agencies.get(report.agency_code or "")
    for number, language, channel in rows.followers(connection, report.id):
        if not number:
            continue
        name = agency.spoken_name if agency else TRIAGE.get(language, TRIAGE["id"])
        queue_status_text(connection, number, channel,
                          status_reply(status.value, language, report.ticket, name, reason),
                          now, report.id)
        if status == ReportStatus.RESOLVED:
            conversations.start_rating(connection, number, texts_channel(channel).name,
                                       report.id, now, language)


def reassign(connection: Connection, catalog: Catalog, report: ReportRow,
             agency_code: str | None, actor: str, note: str, now: datetime) -> None:
    """Give the report to an agency (None: back to the command center's triage); a report not
    yet being handled is then `forwarded`, which its reporters are told."""
    _write(connection, report, now, agency_code=agency_code)
    history.record(connection, now, Event(report.id, actor, "reassigned", {
        "from_agency": report.agency_code, "to_agency": agency_code, "note": note}))
    if agency_code is not None and report.status in ("new", "verified", "forwarded"):
        moved = ReportRow(**{**_as_dict(report), "agency_code": agency_code})
        change_status(connection, catalog, moved, ReportStatus.FORWARDED, actor, now,
                      reason=note)
    elif agency_code is None:
        withdraw_status_texts(connection, report.id, now)  # back to triage: nobody has it yet


def reopen(connection: Connection, catalog: Catalog, report: ReportRow, actor: str,
           reason: str, now: datetime) -> ReportStatus:
    """Open a closed report again: back to its agency (or to triage), with a fresh deadline to
    resolve it and the reason recorded. A status text still held (the resolution) is dropped;
    the reporter is not texted that it reopened. Returns the status it is in now."""
    status = ReportStatus.FORWARDED if report.agency_code else ReportStatus.NEW
    category = catalog.categories.get(report.category_code or "")
    _write(connection, report, now, status=status.value,
           resolve_by=now + timedelta(hours=category.resolve_hours if category else 168))
    history.record(connection, now, Event(report.id, actor, "reopened", {"reason": reason},
                                          from_status=report.status, to_status=status.value))
    withdraw_status_texts(connection, report.id, now)
    return status


def _as_dict(report: ReportRow) -> dict[str, Any]:
    return {name: getattr(report, name) for name in ReportRow.__slots__}


def correct(connection: Connection, catalog: Catalog, report: ReportRow, category: str | None,
            area: str | None, actor: str, now: datetime) -> dict[str, list[str | None]]:
    """Correct the category (the priority and deadlines follow it) or the place; returns what
    changed, {} when nothing did. A triage report given a category with an agency is forwarded
    to that agency, the reason recorded."""
    changes: dict[str, list[str | None]] = {}
    values: dict[str, Any] = {}
    if category and category != report.category_code:
        chosen = catalog.categories[category]
        changes["category"] = [report.category_code, category]
        values.update(category_code=category, priority=chosen.priority,
                      acknowledge_by=report.created_at + timedelta(hours=chosen.acknowledge_hours),
                      resolve_by=report.created_at + timedelta(hours=chosen.resolve_hours))
    if area and area != report.area_code:
        changes["area"] = [report.area_code, area]
        values["area_code"] = area
    if changes:
        _write(connection, report, now, **values)
        history.record(connection, now, Event(report.id, actor, "corrected", dict(changes)))
    routed_by = catalog.categories[category] if "category" in changes and category else None
    if routed_by is not None and routed_by.agency is not None and report.agency_code is None \
            and not ReportStatus(report.status).is_closed:
        # A triage report whose category is now known goes where that category goes.
        corrected = ReportRow(**{**_as_dict(report), "category_code": routed_by.code,
                                 "area_code": values.get("area_code", report.area_code)})
        reassign(connection, catalog, corrected, routed_by.agency, actor,
                 f"sesuai kategori {routed_by.name('id')}", now)
    return changes


def set_place(connection: Connection, report: ReportRow, area_code: str, actor: str,
              now: datetime) -> None:
    """The place a reporter named after filing."""
    _write(connection, report, now, area_code=area_code)
    history.record(connection, now, Event(report.id, actor, "place", {"area_code": area_code}))


def rate(connection: Connection, report: ReportRow, rating: int, now: datetime) -> None:
    """The reporter's 1-5 rating after resolution."""
    _write(connection, report, now, rating=rating)
    history.record(connection, now, Event(report.id, "citizen", "rated", {"rating": rating}))


def add_event(connection: Connection, report: ReportRow, actor: str, action: str, now: datetime,
              **detail: Any) -> None:
    """A history line that changes nothing else (a note, a text sent to the reporter)."""
    history.record(connection, now, Event(report.id, actor, action, detail))


def merge(connection: Connection, report: ReportRow, parent: OpenReport, actor: str,
          now: datetime) -> None:
    """Make `report` a duplicate of the open report `parent`: one piece of work, every reporter
    kept informed."""
    _write(connection, report, now, parent_id=parent.id, status=ReportStatus.DUPLICATE.value,
           agency_code=parent.agency_code)
    events = duplicates.join(connection, report, report.reporter, parent, now,
                             from_status=report.status)
    history.record(connection, now, *events,
                   Event(report.id, actor, "linked", {"parent": parent.ticket}))
