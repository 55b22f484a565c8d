"""Filing a report in few SQL statements: the write path every channel shares.

A text message that becomes a report runs this inside its webhook, with the SQLite write lock
held (or PostgreSQL row locks taken) from the first statement to the commit; the ORM's unit of
work cost ~6 ms of Python per report there, which capped intake at ~140 messages a second on
SQLite whatever the number of workers. So the rows are written with statements compiled once per
database and run on the driver's cursor (`DriverStatement`): the open report it may duplicate is
looked up first, the report is inserted under a fresh ticket with ON CONFLICT (ticket) DO
NOTHING instead of a SAVEPOINT pair, a duplicate's number is counted on the open report in
constant time (`join_group`), and the history and outbox rows a change causes are collected in a
`Batch` and inserted with one statement per table at the end.

Callers holding ORM objects use `gateway.reports.services.submit_report`, which wraps
`file_report` and returns the ORM report.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    bindparam,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.engine import Connection, Dialect

from gateway.store import models
from gateway.store.database import DriverStatement, insert_ignoring
from gateway.texting.notices import outbox_row
from routing.catalog import Catalog
from routing.decision import Decision, route_by_category
from sms.numbers import mask_msisdn

log = logging.getLogger(__name__)

REPORTS = models.Report.__table__
REPORTERS = models.ReportReporter.__table__
EVENTS = models.ReportEvent.__table__
OUTBOX = models.OutboxItem.__table__

TICKET_ATTEMPTS = 20
OPEN = ("new", "verified", "forwarded", "in_progress")
PRIORITIES = ("low", "normal", "high", "urgent")
REPORTERS_FOR_RAISE = 3  # every this many reporters of one problem raise its priority a step


class TicketSpaceError(Exception):
    """No free ticket number was found; the ticket generator is broken or the space is full."""


@dataclass(frozen=True, slots=True)
class RecordingRef:
    sid: str
    url: str
    duration_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class NewReport:
    channel: str
    reporter: str | None
    language: str = "id"
    category_code: str | None = None
    area_code: str | None = None
    text: str = ""
    call_sid: str | None = None
    recording: RecordingRef | None = None  # stored by submit_report
    status: str = "new"  # "abandoned" for what a caller left when hanging up mid-report
    decision: Decision | None = None  # routing by text; else by category


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


@dataclass
class Batch:
    """History and outbox rows a change causes, written with one statement per table by
    `write`, and the duplicates' counts (`join_group`), done there too."""

    events: list[dict[str, Any]] = field(default_factory=list)
    outbox: list[dict[str, Any]] = field(default_factory=list)
    counts: list[Callable[[Connection], None]] = field(default_factory=list)

    def event(self, report_id: int, at: datetime, actor: str, action: str,
              from_status: str | None = None, to_status: str | None = None,
              detail: dict[str, Any] | None = None) -> None:
        self.events.append({"report_id": report_id, "at": at, "actor": actor, "action": action,
                            "from_status": from_status, "to_status": to_status,
                            "detail": detail or {}})

    def text(self, number: str, channel: str, text: str, now: datetime,
             report_id: int | None = None, force: bool = False) -> None:
        """Queue a text; the caller has checked the number did not opt out (or `force`)."""
        self.outbox.append(outbox_row(number, channel, text, now, report_id, force))

    def write(self, connection: Connection) -> None:
        prepared = _prepared(connection.dialect)
        if self.outbox:
            prepared.outbox.run_many(connection, self.outbox)
        # Counting a duplicate's number locks the open report (PostgreSQL): done last, so that
        # a flood of one problem holds that lock only for the history insert and the commit.
        for count in self.counts:
            count(connection)
        if self.events:
            prepared.events.run_many(connection, self.events)
        self.events, self.outbox, self.counts = [], [], []


@dataclass(frozen=True, slots=True)
class _Parent:
    id: int
    ticket: str
    agency_code: str | None
    priority: str
    reporter: str | None
    reporters: int


_PARENTS = REPORTS.alias("parents")
_SAME_CALL = (
    select(REPORTS.c.id, REPORTS.c.ticket, REPORTS.c.parent_id, _PARENTS.c.ticket)
    .select_from(REPORTS.outerjoin(_PARENTS, _PARENTS.c.id == REPORTS.c.parent_id))
    .where(REPORTS.c.call_sid == bindparam("call_sid"))
)
_OPEN_PARENT = (
    select(REPORTS.c.id, REPORTS.c.ticket, REPORTS.c.agency_code, REPORTS.c.priority,
           REPORTS.c.reporter, REPORTS.c.reporters)
    .where(REPORTS.c.category_code == bindparam("category"),
           REPORTS.c.area_code == bindparam("area"),
           REPORTS.c.created_at >= bindparam("since", type_=REPORTS.c.created_at.type),
           REPORTS.c.parent_id.is_(None),
           # Constants in the SQL text: an expanding IN cannot be compiled once.
           REPORTS.c.status.in_([literal_column(f"'{status}'") for status in OPEN]))
    .order_by(REPORTS.c.created_at, REPORTS.c.id).limit(1)
)
REPORT_COLUMNS = ("ticket", "channel", "reporter", "language", "category_code", "area_code",
                  "text", "status", "agency_code", "priority", "routing", "call_sid", "parent_id",
                  "reporters", "created_at", "updated_at", "acknowledge_by", "resolve_by")
EVENT_COLUMNS = ("report_id", "at", "actor", "action", "from_status", "to_status", "detail")
OUTBOX_COLUMNS = ("kind", "payload", "report_id", "status", "attempts", "created_at",
                  "next_attempt_at")


def file_report(connection: Connection, batch: Batch, catalog: Catalog, new: NewReport,
                now: datetime, ticket_factory: Callable[[], str],
                duplicate_window: timedelta = timedelta(0)) -> Filed:
    """Insert a citizen's report, routed, with its history; join it to the open report of the
    same problem within `duplicate_window`, or text an urgent one to the agency's URC.

    The history and URC texts go into `batch`; the caller writes it before committing.
    Idempotent per call: filing twice for the same CallSid returns the first report.
    """
    if new.call_sid:
        same = connection.execute(_SAME_CALL, {"call_sid": new.call_sid}).first()
        if same is not None:
            return Filed(same[0], same[1], same[2], same[3], existing=True)
    decision = new.decision or route_by_category(catalog, new.category_code)
    category = catalog.categories.get(new.category_code or decision.category or "")
    area_code = new.area_code if new.area_code in catalog.areas else None
    parent, prepared = None, _prepared(connection.dialect)
    if duplicate_window and category is not None and area_code is not None:
        row = prepared.open_parent.run(connection, {
            "category": category.code, "area": area_code, "since": now - duplicate_window})
        parent = _Parent(*row) if row is not None else None
    priority = category.priority if category else "normal"
    values = {
        "channel": new.channel, "reporter": new.reporter, "language": new.language,
        "category_code": category.code if category else None, "area_code": area_code,
        "text": new.text, "status": "duplicate" if parent else new.status,
        "agency_code": parent.agency_code if parent else decision.agency,
        "priority": priority, "routing": decision.as_dict(), "call_sid": new.call_sid,
        "parent_id": parent.id if parent else None, "reporters": 1 if new.reporter else 0,
        "created_at": now, "updated_at": now,
        "acknowledge_by": now + timedelta(hours=category.acknowledge_hours if category else 24),
        "resolve_by": now + timedelta(hours=category.resolve_hours if category else 168),
    }
    for _ in range(TICKET_ATTEMPTS):
        ticket = ticket_factory()
        inserted = prepared.insert_report.run(connection, {**values, "ticket": ticket})
        if inserted is not None:
            report_id = inserted[0]
            break
        # Taken, maybe by a concurrent transaction (which the unique index waited for).
        log.info("ticket collision on %s: drawing again", ticket)
    else:
        raise TicketSpaceError(f"no free ticket after {TICKET_ATTEMPTS} draws")
    filed = Filed(report_id, ticket, parent.id if parent else None,
                  parent.ticket if parent else None)
    batch.event(report_id, now, "citizen", "created", to_status=new.status,
                detail={"channel": new.channel})
    batch.event(report_id, now, "system", "routed", detail=decision.as_dict())
    if parent is not None:
        join_group(connection, batch, filed, new.reporter, parent, now, from_status=new.status)
    elif priority == "urgent" and new.status == "new":
        dispatch_urc(batch, catalog, filed, decision.agency, category.code if category else None,
                     area_code, new.text, now)
    log.info("report created ticket=%s channel=%s category=%s agency=%s reporter=%s",
             ticket, new.channel, values["category_code"], values["agency_code"],
             mask_msisdn(new.reporter))
    return filed


# A new number in the group: counted on the open report, whose row lock (PostgreSQL) makes
# concurrent counts follow one another; taken late in the transaction, it is held briefly.
_COUNT_REPORTER = (update(REPORTS).where(REPORTS.c.id == bindparam("parent"))
                   .values(reporters=REPORTS.c.reporters + 1, updated_at=REPORTS.c.updated_at)
                   .returning(REPORTS.c.reporters, REPORTS.c.priority))
_RAISE = (update(REPORTS).where(REPORTS.c.id == bindparam("parent"))
          .values(priority=bindparam("priority"),
                  updated_at=bindparam("now", type_=REPORTS.c.updated_at.type)))


@dataclass(frozen=True, slots=True)
class _Prepared:
    open_parent: DriverStatement
    insert_report: DriverStatement
    new_reporter: DriverStatement
    count_reporter: DriverStatement
    raise_priority: DriverStatement
    events: DriverStatement
    outbox: DriverStatement


@functools.lru_cache(maxsize=8)
def _prepared(dialect: Dialect) -> _Prepared:
    return _Prepared(
        DriverStatement(_OPEN_PARENT, dialect),
        DriverStatement(insert_ignoring(REPORTS, dialect, "ticket").returning(REPORTS.c.id),
                        dialect, REPORT_COLUMNS),
        DriverStatement(insert_ignoring(REPORTERS, dialect, "parent_id", "reporter")
                        .returning(REPORTERS.c.parent_id), dialect, ("parent_id", "reporter")),
        DriverStatement(_COUNT_REPORTER, dialect),
        DriverStatement(_RAISE, dialect),
        DriverStatement(insert(EVENTS), dialect, EVENT_COLUMNS, many=True),
        DriverStatement(insert(OUTBOX), dialect, OUTBOX_COLUMNS, many=True),
    )


def join_group(connection: Connection, batch: Batch, report: Filed, reporter: str | None,
               parent: Any, now: datetime, from_status: str = "new") -> None:
    """Record that `report` (already pointing at `parent`) joined the open report's group.
    Every `REPORTERS_FOR_RAISE` different numbers reporting it raise its priority a step.

    `parent` needs `id`, `ticket`, `priority`, `reporter` and `reporters`. A number already in
    the group costs one index lookup, a new one a second statement, however large the group;
    that one (and a raise) runs when `batch` is written."""
    new_reporter = (
        reporter is not None and reporter != parent.reporter
        and _prepared(connection.dialect).new_reporter.run(
            connection, {"parent_id": parent.id, "reporter": reporter}) is not None)
    batch.event(report.id, now, "system", "duplicate_of", from_status=from_status,
                to_status="duplicate", detail={"parent": parent.ticket})
    batch.counts.append(functools.partial(_count, batch, report, parent, new_reporter, now))


def _count(batch: Batch, report: Filed, parent: Any, new_reporter: bool, now: datetime,
           connection: Connection) -> None:
    prepared = _prepared(connection.dialect)
    reporters, priority = parent.reporters, parent.priority
    if new_reporter:
        reporters, priority = prepared.count_reporter.run(connection, {"parent": parent.id})
    batch.event(parent.id, now, "system", "duplicate_joined",
                detail={"report": report.ticket, "reporters": reporters})
    if new_reporter and reporters % REPORTERS_FOR_RAISE == 0 and priority != PRIORITIES[-1]:
        raised = PRIORITIES[min(PRIORITIES.index(priority) + 1, len(PRIORITIES) - 1)]
        prepared.raise_priority.run(connection, {"parent": parent.id, "priority": raised,
                                                 "now": now})
        batch.event(parent.id, now, "system", "priority",
                    detail={"from": priority, "to": raised, "reason": f"{reporters} pelapor"})
    log.info("report %s joined open report %s (%d reporters)", report.ticket, parent.ticket,
             reporters)


def dispatch_urc(batch: Batch, catalog: Catalog, report: Filed, agency_code: str | None,
                 category_code: str | None, area_code: str | None, text: str,
                 now: datetime) -> None:
    """Text an urgent report at once to the on-duty numbers of the agency's URC."""
    agency = catalog.agencies.get(agency_code or "")
    if agency is None:
        return
    category = catalog.categories.get(category_code or "")
    area = catalog.areas.get(area_code or "")
    summary = " ".join(text.split())[:70] or "laporan lewat telepon, dengarkan rekamannya"
    message = (f"URC {agency.short_name}: DARURAT tiket {report.ticket}, "
               f"{category.name('id') if category else 'tanpa kategori'}, "
               f"{area.name if area else 'lokasi belum diketahui'}. {summary}")
    # Staff on duty, not citizens: an opt-out recorded for such a number must not stop this.
    numbers = [n for n in agency.urc_numbers if n]
    for number in numbers:
        batch.text(number, "sms", message, now, report.id, force=True)
    batch.event(report.id, now, "system",
                "urc_dispatched" if numbers else "urc_not_dispatched",
                detail={"numbers": len(numbers)} if numbers
                else {"reason": "no URC numbers in agencies.yaml"})
