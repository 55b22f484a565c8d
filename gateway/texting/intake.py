"""Text intake, shared by every provider: one incoming message in, its effects and replies out.

Provider views turn their requests into an `IncomingMessage` and call `receive`. In one
transaction it carries out the message's command (`gateway.texting.commands`) or answers the
open follow-up question (`gateway.texting.answers`), then stores the message, linked to the
report it filed, with its replies and photo downloads in the outbox. The message's unique
provider id decides whether it is a repeated delivery; if it is, the transaction is rolled back
and nothing changes. Routing and the place lookup, pure work, are done before the first
statement.

When handling fails, `keep_unprocessed` stores the message on its own with status `error`, so
an operator finds it; when the database cannot store it at all, the provider view spools it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from farming.catalog import FarmingCatalog
from gateway.reports.tickets import new_ticket
from gateway.store import contacts, conversations, messages
from gateway.store.database import Connection, Database
from gateway.store.outbox import enqueue, job_row
from gateway.texting import answers, commands
from gateway.texting.incoming import IncomingMessage, Texting
from routing.catalog import Catalog
from routing.decision import Decision
from routing.places import PlaceMatch, find_place
from routing.rules import Rules, route_text
from sms.grammar import Command, parse
from sms.numbers import mask_msisdn

log = logging.getLogger(__name__)

__all__ = ["IncomingMessage", "Texting", "keep_unprocessed", "receive"]


class RepeatedDelivery(Exception):
    """The message was stored by an earlier delivery: undo what this one did."""


def receive(database: Database, catalog: Catalog, rules: Rules, message: IncomingMessage,
            now: datetime, ticket_factory: Callable[[], str] = new_ticket,
            farming: FarmingCatalog | None = None) -> bool:
    """Handle one incoming message; False when it was a repeated delivery (nothing done).
    `farming` enables the farmers' line's commands."""
    command = parse(message.body)
    routed = None
    if command.kind == "report":  # pure work, done before the first statement takes locks
        routed = (route_text(rules, catalog, command.argument),
                  find_place(catalog, command.argument))
    try:
        with database.transaction() as connection:
            _receive(connection, catalog, rules, message, now, ticket_factory, command, routed,
                     farming)
    except RepeatedDelivery:
        log.info("duplicate %s message %s ignored", message.provider, message.provider_id)
        return False
    log.info("message %s from %s: %s", message.provider_id, mask_msisdn(message.sender),
             command.kind)
    return True


def _receive(connection: Connection, catalog: Catalog, rules: Rules, message: IncomingMessage,
             now: datetime, ticket_factory: Callable[[], str], command: Command,
             routed: tuple[Decision, PlaceMatch | None] | None,
             farming: FarmingCatalog | None = None) -> None:
    if message.sender is None:
        log.warning("message %s from an unreadable sender: stored, not answered",
                    message.provider_id)
        _store(connection, message, now, None, [])
        return
    known = contacts.about(connection, message.sender)
    if known.opted_out is None:
        contacts.remember(connection, message.sender, command.language, now)
    texting = Texting(connection, catalog, rules, message, now, ticket_factory,
                      timedelta(hours=rules.duplicate_window_hours), routed, known.opted_out,
                      farming=farming)
    _handle(texting, command, known.conversation_expires)
    _store(connection, message, now, texting.report_id, texting.replies)


def _store(connection: Connection, message: IncomingMessage, now: datetime,
           report_id: int | None, replies: list[dict[str, Any]]) -> None:
    """The message, then its replies and the downloads of its photos, into the outbox."""
    stored = messages.record_incoming(connection, message, now, report_id=report_id)
    if stored is None:
        raise RepeatedDelivery(message.provider_id)
    photos = [job_row("download_media", {"url": url, "message_id": stored, "index": index},
                      now, report_id) for index, url in enumerate(message.media)] \
        if report_id is not None else []
    enqueue(connection, [*photos, *replies])


def _handle(texting: Texting, command: Command, expires_at: datetime | None) -> None:
    """An answer to the open follow-up question (open until `expires_at`), or a command."""
    connection, sender, now = texting.connection, texting.sender, texting.now
    conversation = None
    if (expires_at is not None and expires_at > now and not command.keyword
            and command.kind != "empty"):
        conversation = conversations.current(connection, sender)
    if conversation is not None:
        answers.answer(texting, conversation, command)
        return
    if expires_at is not None:
        # Expired (the report was filed with what was known), or ended by a new keyword.
        conversations.end(connection, sender)
    commands.carry_out(texting, command)


def keep_unprocessed(database: Database, message: IncomingMessage, now: datetime) -> bool:
    """Keep a message whose handling failed, in its own transaction, with status `error`, so an
    operator finds it. False when the database could not store it either."""
    try:
        with database.transaction() as connection:
            messages.record_incoming(connection, message, now, status="error")
    except Exception:  # the database itself may be what failed: the caller spools the request
        log.exception("could not keep message %s from %s", message.provider_id,
                      mask_msisdn(message.sender))
        return False
    return True
