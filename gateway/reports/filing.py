"""Filing a citizen's report: the one way a report comes to exist, for every channel.

`file_report` routes the report (by its text's decision, else by its category), looks for the
open report of the same problem within the duplicate window, inserts the report under a fresh
random ticket (INSERT ... ON CONFLICT (ticket) DO NOTHING, drawing again on a collision), records
its history, joins a duplicate to its open report (`gateway.reports.duplicates`) or texts an
urgent one to the agency's URC (`gateway.reports.urc`). All in the caller's transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from gateway.channels import channel as registered_channel
from gateway.reports import duplicates, history, urc
from gateway.reports.history import Event
from gateway.reports.lifecycle import ReportStatus
from gateway.reports.notices import queue_text
from gateway.store import reports as rows
from gateway.store.database import Connection
from routing.catalog import Catalog, Category
from routing.decision import Decision, route_by_category
from sms.numbers import mask_msisdn
from sms.replies import reply

log = logging.getLogger(__name__)

TICKET_ATTEMPTS = 20


class TicketSpaceError(Exception):
    """No free ticket number was found; the ticket generator is broken or the space is full."""


FARMERS_QUESTIONS = "tanya_tani"  # filed by the farmers' line only (gateway.farming.questions)


def offered(catalog: Catalog) -> list[Category]:
    """The categories a citizen on the web or another system may report in: all but the
    farmers' questions to field officers."""
    return [c for c in catalog.categories.values() if c.code != FARMERS_QUESTIONS]


@dataclass(frozen=True, slots=True)
class NewReport:
    """What a citizen reported, from any channel, before it is filed."""

    channel: str
    reporter: str | None
    language: str = "id"
    category_code: str | None = None
    area_code: str | None = None
    text: str = ""
    call_sid: str | None = None
    status: ReportStatus = ReportStatus.NEW  # ABANDONED for what a caller left mid-report
    decision: Decision | None = None  # routing by text; else by category
    kind: str = "report"  # or "question": a farmer's question to a field officer


@dataclass(frozen=True, slots=True)
class Filed:
    """A filed report as its reporter's reply needs it."""

    id: int
    ticket: str
    parent_id: int | None = None
    parent_ticket: str | None = None
    existing: bool = False  # the same call's report, filed by an earlier delivery

    @property
    def public_ticket(self) -> str:
        """The ticket the citizen follows: a duplicate's reporter follows the open report."""
        return self.parent_ticket or self.ticket


def file_report(connection: Connection, catalog: Catalog, new: NewReport, now: datetime,
                ticket_factory: Callable[[], str], duplicate_window: timedelta = timedelta(0),
                notify: bool = False) -> Filed:
    """Insert a citizen's report, routed, with its history; join it to the open report of the
    same problem within `duplicate_window`, or text an urgent one to the agency's URC. With
    `notify`, text the reporter its ticket. Filing twice for one CallSid returns the first."""
    registered_channel(new.channel)  # an unknown channel is an error, not an SMS
    status = ReportStatus(new.status).value
    if new.call_sid:
        same = rows.filed_for_call(connection, new.call_sid)
        if same is not None:
            return Filed(same.id, same.ticket, same.parent_id, same.parent_ticket, existing=True)
    decision = new.decision or route_by_category(catalog, new.category_code)
    category = catalog.categories.get(new.category_code or decision.category or "")
    area_code = new.area_code if new.area_code in catalog.areas else None
    parent = None
    if duplicate_window and category is not None and area_code is not None:
        parent = rows.open_report(connection, category.code, area_code, now - duplicate_window)
    priority: str = category.priority if category else "normal"
    acknowledge = category.acknowledge_hours if category else 24
    resolve = category.resolve_hours if category else 168
    alarm = decision.alarm if decision.alarm and decision.alarm.raises(priority) else None
    if alarm is not None:
        priority = alarm.priority
        acknowledge = min(acknowledge, alarm.deadlines.acknowledge_hours)
        resolve = min(resolve, alarm.deadlines.resolve_hours)
    values: dict[str, Any] = {
        "channel": new.channel, "kind": new.kind, "reporter": new.reporter,
        "language": new.language,
        "category_code": category.code if category else None, "area_code": area_code,
        "text": new.text, "status": ReportStatus.DUPLICATE.value if parent else status,
        "agency_code": parent.agency_code if parent else decision.agency,
        "priority": priority,
        "routing": decision.as_dict(), "call_sid": new.call_sid,
        "parent_id": parent.id if parent else None, "reporters": 1 if new.reporter else 0,
        "created_at": now, "updated_at": now,
        "acknowledge_by": now + timedelta(hours=acknowledge),
        "resolve_by": now + timedelta(hours=resolve),
    }
    report_id, ticket = _insert(connection, values, ticket_factory)
    filed = Filed(report_id, ticket, parent.id if parent else None,
                  parent.ticket if parent else None)
    events = [Event(report_id, "citizen", "created", {"channel": new.channel}, to_status=status),
              Event(report_id, "system", "routed", decision.as_dict())]
    if alarm is not None:
        events.append(Event(report_id, "system", "priority", {
            "from": category.priority if category else "normal", "to": priority,
            "reason": "kata bahaya: " + ", ".join(alarm.words), "words": list(alarm.words)}))
    if parent is not None:
        events += duplicates.join(connection, filed, new.reporter, parent, now,
                                  from_status=status, alarm=decision.alarm)
    history.record(connection, now, *events)
    if parent is None and values["priority"] == "urgent" and status == ReportStatus.NEW:
        urc.dispatch(connection, catalog, filed, decision.agency, values["category_code"],
                     area_code, new.text, now)
    if notify and status == ReportStatus.NEW:
        queue_text(connection, new.reporter, new.channel,
                   reply("received", new.language, ticket=filed.public_ticket), now, report_id)
    log.info("report created ticket=%s channel=%s category=%s agency=%s reporter=%s",
             ticket, new.channel, values["category_code"], values["agency_code"],
             mask_msisdn(new.reporter))
    return filed


def _insert(connection: Connection, values: dict[str, object],
            ticket_factory: Callable[[], str]) -> tuple[int, str]:
    """Insert the report under a fresh ticket; a taken ticket (maybe by a concurrent
    transaction, which the unique index waited for) draws again."""
    for _ in range(TICKET_ATTEMPTS):
        ticket = ticket_factory()
        report_id = rows.insert_report(connection, values, ticket)
        if report_id is not None:
            return report_id, ticket
        log.info("ticket collision on %s: drawing again", ticket)
    raise TicketSpaceError(f"no free ticket after {TICKET_ATTEMPTS} draws")
