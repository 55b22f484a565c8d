"""Text intake, shared by every provider: one incoming message in, its effects and replies out.

Provider views turn their requests into an `IncomingMessage` and call `receive` in one
transaction. It stores the message once per provider id (a repeated delivery does nothing),
carries out its command (`gateway.texting.commands`) or answers the open follow-up question
(`gateway.texting.answers`), and queues every reply in the same transaction. Routing and the
place lookup, pure work, are done before the first statement.

When handling fails, `keep_unprocessed` stores the message on its own with status `error`, so
an operator finds it; when the database cannot store it at all, the provider view spools it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection

from gateway.reports.tickets import new_ticket
from gateway.store.database import Database
from gateway.texting import answers, commands, contacts, conversations, messages
from gateway.texting.context import Texting
from gateway.texting.messages import IncomingMessage
from routing.catalog import Catalog
from routing.places import find_place
from routing.rules import Rules, route_text
from sms.grammar import Command, parse
from sms.numbers import mask_msisdn

log = logging.getLogger(__name__)

__all__ = ["IncomingMessage", "Texting", "keep_unprocessed", "receive"]


def receive(connection: Connection, catalog: Catalog, rules: Rules, message: IncomingMessage,
            now: datetime, ticket_factory: Callable[[], str] = new_ticket) -> bool:
    """Handle one incoming message; False when it was a repeated delivery (nothing done)."""
    command = parse(message.body)
    routed = None
    if command.kind == "report":  # pure work, done before the first statement takes locks
        routed = (route_text(rules, catalog, command.argument),
                  find_place(catalog, command.argument))
    stored = messages.record_incoming(connection, message, now)
    if stored is None:
        log.info("duplicate %s message %s ignored", message.provider, message.provider_id)
        return False
    if message.sender is None:
        log.warning("message %s from an unreadable sender: stored, not answered",
                    message.provider_id)
        return True
    if contacts.opted_out(connection, message.sender) is None:
        contacts.remember(connection, message.sender, command.language, now)
    texting = Texting(connection, catalog, rules, message, stored, now, ticket_factory,
                      timedelta(hours=rules.duplicate_window_hours), routed)
    _handle(texting, command)
    log.info("message %s from %s: %s", message.provider_id, mask_msisdn(message.sender),
             command.kind)
    return True


def _handle(texting: Texting, command: Command) -> None:
    """An answer to the open follow-up question, or a command of its own."""
    connection, sender, now = texting.connection, texting.sender, texting.now
    expires_at = conversations.expiry(connection, sender)
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
