"""Text intake, shared by every provider: one incoming message in, its effects and replies out.

Provider adapters (Twilio SMS/WhatsApp, Kannel) turn their requests into an `IncomingMessage` and
call `receive`. It stores the message once per provider id (a repeated delivery does nothing),
carries out the command or answers the open follow-up question, and writes every reply into the
outbox in the caller's transaction. Nothing is sent to a number that opted out, except the
confirmation of the opt-out itself.

The common path, a text that files a report, runs on the session's connection with statements
compiled once (see `gateway.reports.filing`); routing and the place lookup are done before the first
statement. Follow-up answers, CEK and BATAL use the ORM.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from gateway.reports.filing import Batch, NewReport, file_report
from gateway.reports.tickets import is_valid_ticket, new_ticket
from gateway.store import models
from gateway.store.database import Database, DriverStatement, insert_ignoring
from gateway.texting.notices import outbox_job, send_text
from routing.catalog import Catalog
from routing.decision import Decision
from routing.places import PlaceMatch, find_place
from routing.rules import Rules, route_text
from sms.grammar import Command, parse
from sms.numbers import mask_msisdn
from sms.replies import TRIAGE, reply, status_words

log = logging.getLogger(__name__)
CONVERSATION_MINUTES = 30
RATING_DAYS = 7
CLOSED = {"resolved", "rejected", "cancelled"}


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    provider: str  # twilio, kannel
    provider_id: str  # MessageSid or Kannel's message id
    channel: str  # sms, whatsapp
    sender: str | None  # E.164; None when the number cannot be read
    recipient: str | None
    body: str
    media: tuple[str, ...] = ()  # photo URLs
    unsupported_media: int = 0  # attachments that are not photos (audio, video, ...)


@dataclass
class Context:
    session: Session
    catalog: Catalog
    rules: Rules
    message: IncomingMessage
    now: datetime
    ticket_factory: Callable[[], str]
    opted_out: bool = False
    batch: Batch = field(default_factory=Batch)
    # (decision, place) of a report's text, worked out before the transaction took locks.
    routed: tuple[Decision, PlaceMatch | None] | None = None

    @property
    def connection(self) -> Connection:
        """The session's connection for Core statements, after writing what the session holds,
        so ORM and Core changes land in the order they were made."""
        self.session.flush()
        return self.session.connection()

    def send(self, text: str, report_id: int | None = None, force: bool = False) -> None:
        """Queue a reply to the sender; nothing to a number that opted out, unless `force`."""
        assert self.message.sender is not None
        if self.opted_out and not force:
            log.info("not texting %s: opted out", mask_msisdn(self.message.sender))
            return
        self.batch.text(self.message.sender, self.message.channel, text, self.now, report_id,
                        force)


MESSAGES = models.Message.__table__
CONTACTS = models.Contact.__table__
CONVERSATIONS = models.Conversation.__table__


def _record(connection: Connection, message: IncomingMessage, now: datetime) -> int | None:
    """Store the message and return its id; None when this provider id was already stored (a
    repeated delivery).

    One INSERT ... ON CONFLICT DO NOTHING: the unique (provider, provider_id) decides, even
    between concurrent deliveries, without a savepoint round trip."""
    row = _prepared(connection.dialect).record.run(connection, {
        "direction": "in", "provider": message.provider,
        "provider_id": message.provider_id or None, "channel": message.channel,
        "from_number": message.sender, "to_number": message.recipient, "body": message.body,
        "status": "received", "created_at": now, "updated_at": now})
    return int(row[0]) if row is not None else None


def store_unprocessed(database: Database, message: IncomingMessage, now: datetime) -> None:
    """Keep a message whose handling failed, in its own transaction, so nothing is lost: an
    operator finds it with status `error`."""
    try:
        with database.session() as session:
            row = _record(session.connection(), message, now)
            if row is not None:
                session.execute(update(models.Message).where(models.Message.id == row)
                                .values(status="error"))
    except Exception:  # the database itself may be what failed; the log line is all we have
        log.exception("could not keep message %s from %s", message.provider_id,
                      mask_msisdn(message.sender))


# What the gateway knows of a number: its opt-out (None: never seen) and when its open
# conversation expires (None: there is none).
_NUMBER = select(
    select(CONTACTS.c.opted_out).where(CONTACTS.c.number == bindparam("number"))
    .scalar_subquery(),
    select(CONVERSATIONS.c.expires_at).where(CONVERSATIONS.c.number == bindparam("number"))
    .scalar_subquery(),
)
_END_CONVERSATION = delete(CONVERSATIONS).where(CONVERSATIONS.c.number == bindparam("number"))
_LINK_MESSAGE = (update(MESSAGES).where(MESSAGES.c.id == bindparam("message"))
                 .values(report_id=bindparam("report"),
                         updated_at=bindparam("now", type_=MESSAGES.c.updated_at.type)))


@dataclass(frozen=True, slots=True)
class _Prepared:
    """The statements every text runs, compiled once per database (see `DriverStatement`)."""

    record: DriverStatement
    number: DriverStatement
    new_contact: DriverStatement
    link_message: DriverStatement


@functools.lru_cache(maxsize=8)
def _prepared(dialect: Dialect) -> _Prepared:
    return _Prepared(
        DriverStatement(
            insert_ignoring(MESSAGES, dialect, "provider", "provider_id")
            .returning(MESSAGES.c.id), dialect,
            ("direction", "provider", "provider_id", "channel", "from_number", "to_number",
             "body", "status", "created_at", "updated_at")),
        DriverStatement(_NUMBER, dialect),
        DriverStatement(insert_ignoring(CONTACTS, dialect, "number"),
                        dialect, ("number", "language", "opted_out", "changed_at")),
        DriverStatement(_LINK_MESSAGE, dialect),
    )


def open_conversation(connection: Connection, number: str, channel: str, stage: str,
                      report_id: int, now: datetime, minutes: int = CONVERSATION_MINUTES,
                      **data: str) -> None:
    """Start the one open exchange with `number`, replacing any older one."""
    connection.execute(_END_CONVERSATION, {"number": number})
    connection.execute(insert(CONVERSATIONS).values(
        number=number, channel=channel, stage=stage, report_id=report_id, data=data,
        expires_at=now + timedelta(minutes=minutes), updated_at=now,
    ))


def receive(session: Session, catalog: Catalog, rules: Rules, message: IncomingMessage,
            now: datetime, ticket_factory: Callable[[], str] = new_ticket) -> bool:
    """Handle one incoming message; False when it was a repeated delivery (nothing done)."""
    command = parse(message.body)
    ctx = Context(session, catalog, rules, message, now, ticket_factory)
    if command.kind == "report":  # pure work, done before the first statement takes locks
        ctx.routed = (route_text(rules, catalog, command.argument),
                      find_place(catalog, command.argument))
    connection = session.connection()
    stored = _record(connection, message, now)
    if stored is None:
        log.info("duplicate %s message %s ignored", message.provider, message.provider_id)
        return False
    if message.sender is None:
        log.warning("message %s from an unreadable sender: stored, not answered",
                    message.provider_id)
        return True
    prepared = _prepared(connection.dialect)
    opted_out, expires_at = prepared.number.run(connection, {"number": message.sender})
    if opted_out is None:
        prepared.new_contact.run(connection, {"number": message.sender,
                                              "language": command.language,
                                              "opted_out": False, "changed_at": now})
    ctx.opted_out = bool(opted_out)
    conversation = None
    if (expires_at is not None and expires_at > now and not command.keyword
            and command.kind != "empty"):
        # None when another message from this number ended it a moment ago (PostgreSQL).
        conversation = session.scalar(select(models.Conversation).where(
            models.Conversation.number == message.sender))
    if conversation is not None:
        _answer(ctx, conversation, command, stored)
    else:
        if expires_at is not None:
            # Expired (the report was filed with what was known), or ended by a new keyword.
            connection.execute(_END_CONVERSATION, {"number": message.sender})
        _command(ctx, command, stored)
    ctx.batch.write(ctx.connection)
    log.info("message %s from %s: %s", message.provider_id, mask_msisdn(message.sender),
             command.kind)
    return True


_OPT = (update(CONTACTS).where(CONTACTS.c.number == bindparam("sender"))
        .values(opted_out=bindparam("opted_out"), changed_at=bindparam("now")))


def _command(ctx: Context, command: Command, stored: int) -> None:
    language = command.language
    if command.kind in ("stop", "start"):
        ctx.opted_out = command.kind == "stop"
        ctx.connection.execute(_OPT, {"sender": ctx.message.sender, "opted_out": ctx.opted_out,
                                      "now": ctx.now})
        ctx.send(reply("stopped" if ctx.opted_out else "started", language), force=True)
    elif command.kind == "help":
        ctx.send(reply("help", language))
    elif command.kind == "check":
        _check(ctx, command)
    elif command.kind == "cancel":
        _cancel(ctx, command)
    elif command.kind == "empty" and ctx.message.media:
        _report(ctx, command, stored)
    elif command.kind == "empty" and ctx.message.unsupported_media:
        ctx.send(reply("media_unsupported", language))
    elif command.kind == "empty":
        ctx.send(reply("empty", language))
    elif command.kind == "report" and not command.argument.strip() and not ctx.message.media:
        ctx.send(reply("help", language))
    else:
        _report(ctx, command, stored)


def _report(ctx: Context, command: Command, stored: int) -> None:
    message, language = ctx.message, command.language
    decision, place = ctx.routed or (route_text(ctx.rules, ctx.catalog, command.argument),
                                     find_place(ctx.catalog, command.argument))
    if decision.not_report and not message.media:
        # Promotions, codes, greetings, wrong numbers: no report, a how-to instead.
        ctx.send(reply("help", language))
        return
    connection = ctx.connection
    filed = file_report(
        connection, ctx.batch, ctx.catalog,
        NewReport(channel=message.channel, reporter=message.sender, language=language,
                  area_code=place.code if place else None, text=command.argument,
                  decision=decision),
        now=ctx.now, ticket_factory=ctx.ticket_factory,
        duplicate_window=timedelta(hours=ctx.rules.duplicate_window_hours),
    )
    ticket = filed.public_ticket
    _prepared(connection.dialect).link_message.run(
        connection, {"message": stored, "report": filed.id, "now": ctx.now})
    for url in message.media:
        ctx.batch.outbox.append(outbox_job(
            "download_media", {"url": url, "message_id": stored}, ctx.now, filed.id))
    if decision.external:
        # Outside the city's authority: the ticket, and where to go.
        ctx.send(reply("received", language, ticket=ticket), filed.id)
        ctx.send(decision.reply.get(language) or decision.reply["id"], filed.id)
    elif place is None:
        assert message.sender is not None
        open_conversation(connection, message.sender, message.channel, "place", filed.id,
                          ctx.now, ticket=ticket)
        ctx.send(reply("ask_place", language, ticket=ticket), filed.id)
    else:
        ctx.send(reply("received", language, ticket=ticket), filed.id)
    if not command.argument.strip():
        ctx.send(reply("media_only", language), filed.id)


def _ticketed(ctx: Context, command: Command) -> tuple[str, models.Report | None] | None:
    """The ticket a CEK or BATAL names and its report; None (after a reply) when the ticket is
    malformed or its check digit is wrong."""
    if not is_valid_ticket(command.argument):
        ctx.send(reply("bad_ticket", command.language))
        return None
    report = ctx.session.scalar(
        select(models.Report).where(models.Report.ticket == command.argument))
    return command.argument, report


def _check(ctx: Context, command: Command) -> None:
    language, found = command.language, _ticketed(ctx, command)
    if found is None:
        return
    ticket, report = found
    if report is None:
        ctx.send(reply("not_found", language, ticket=ticket))
        return
    agency = ctx.catalog.agencies.get(report.agency_code or "")
    ctx.send(reply("status", language, ticket=ticket,
                   status=status_words(report.status, language),
                   agency=agency.short_name if agency else TRIAGE[language]), report.id)


def _cancel(ctx: Context, command: Command) -> None:
    language, found = command.language, _ticketed(ctx, command)
    if found is None:
        return
    ticket, report = found
    if report is None or report.reporter != ctx.message.sender or report.status in CLOSED:
        # The same answer whether the ticket exists or not: nobody learns about others' reports.
        ctx.send(reply("cannot_cancel", language, ticket=ticket))
        return
    change_status(ctx.session, ctx.catalog, report, "cancelled", "citizen", ctx.now,
                  reason="dibatalkan pelapor lewat SMS", notify=False)
    ctx.send(reply("cancelled", language, ticket=ticket), report.id)


def _answer(ctx: Context, conversation: models.Conversation, command: Command,
            stored: int) -> None:
    """The message answers the open follow-up question."""
    language, text = command.language, command.argument.strip()
    report = ctx.session.get(models.Report, conversation.report_id)
    if report is None:
        ctx.session.delete(conversation)
        return
    if conversation.stage == "rating":
        if text in ("1", "2", "3", "4", "5"):
            report.rating = int(text)
            ctx.session.add(models.ReportEvent(
                report_id=report.id, at=ctx.now, actor="citizen", action="rated",
                detail={"rating": int(text)}))
            ctx.session.delete(conversation)
            ctx.send(reply("rated", language), report.id)
        else:
            ctx.session.delete(conversation)  # not a rating: treat it as a new message
            _command(ctx, command, stored)
        return
    kecamatan = conversation.data.get("kecamatan", "")
    options = ctx.catalog.desa_of(kecamatan) if conversation.stage == "desa" else ()
    if text == "0":
        _set_place(ctx, conversation, report, kecamatan or None, language)
    elif conversation.stage == "place" and text in ("1", "2", "3"):
        chosen = ctx.catalog.kecamatan()[int(text) - 1]
        desa = ctx.catalog.desa_of(chosen.code)
        choices = ", ".join(f"{i} {d.name}" for i, d in enumerate(desa, 1))
        conversation.stage, conversation.data = "desa", {**conversation.data,
                                                         "kecamatan": chosen.code}
        conversation.updated_at = ctx.now
        ctx.send(reply("ask_desa", language, kecamatan=chosen.name, choices=choices), report.id)
    elif options and text.isdigit() and 1 <= int(text) <= len(options):
        _set_place(ctx, conversation, report, options[int(text) - 1].code, language)
    # The place in the answer was looked up before the transaction (`receive`).
    elif (place := ctx.routed[1] if ctx.routed else find_place(ctx.catalog, text)) is not None:
        _set_place(ctx, conversation, report, place.code, language)
    else:
        tries = int(conversation.data.get("tries", "0")) + 1
        if tries >= 3:
            ctx.session.delete(conversation)  # filed with what is known
            ctx.send(reply("received", language, ticket=report.ticket), report.id)
        else:
            conversation.data = {**conversation.data, "tries": str(tries)}
            ctx.send(reply("place_unknown", language), report.id)


def _set_place(ctx: Context, conversation: models.Conversation, report: models.Report,
               code: str | None, language: str) -> None:
    ctx.session.delete(conversation)
    if code is None:
        ctx.send(reply("received", language, ticket=report.ticket), report.id)
        return
    report.area_code, report.updated_at = code, ctx.now
    ctx.session.add(models.ReportEvent(report_id=report.id, at=ctx.now, actor="citizen",
                                       action="place", detail={"area_code": code}))
    ctx.send(reply("place_noted", language, ticket=report.ticket,
                   place=ctx.catalog.areas[code].name), report.id)


NOTIFY = {"forwarded", "in_progress", "resolved", "rejected"}


def change_status(session: Session, catalog: Catalog, report: models.Report, status: str,
                  actor: str, now: datetime, reason: str = "", notify: bool = True) -> None:
    """Move a report to `status`, record why, and text the reporter about it."""
    before = report.status
    report.status, report.updated_at = status, now
    session.add(models.ReportEvent(report_id=report.id, at=now, actor=actor, action="status",
                                   from_status=before, to_status=status,
                                   detail={"reason": reason} if reason else {}))
    if not (notify and status in NOTIFY):
        return
    agency = catalog.agencies.get(report.agency_code or "")
    # Everyone who reported this problem hears about it, each in their own language.
    for follower in (report, *report.duplicates):
        if not follower.reporter:
            continue
        language = follower.language
        values = {"ticket": report.ticket,
                  "agency": agency.short_name if agency else TRIAGE.get(language, TRIAGE["id"]),
                  "reason": reason or "-"}
        channel = follower.channel if follower.channel in ("sms", "whatsapp") else "sms"
        send_text(session, follower.reporter, channel, reply(status, language, **values), now,
                  report.id)
        if status == "resolved":
            session.flush()
            open_conversation(session.connection(), follower.reporter, channel, "rating",
                              report.id, now, minutes=RATING_DAYS * 24 * 60)
