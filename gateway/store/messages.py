"""Text messages in and out: the one module that writes the `messages` table.

An incoming message is stored once per provider id, with every value made storable first
(`gateway.store.values`); the unique (provider, provider_id) decides, even between concurrent
deliveries, which one is the first. An outgoing message gets its row when
the worker first claims its job, with a random `reference` for delivery reports, and keeps it
for every attempt: rows are never deleted, so no id or reference is ever reused. Delivery status
only moves forward: a late "sent" never undoes "delivered".
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import ColumnElement, insert, select, update
from sqlalchemy.engine import Connection

from gateway.store import models
from gateway.store.database import insert_ignoring
from gateway.store.values import storable, storable_id

MESSAGES = models.table(models.Message)
# How far a message has got; a status report only ever moves it further.
PROGRESS = {"sending": 0, "accepted": 1, "queued": 1, "sent": 2, "undelivered": 3, "failed": 3,
            "delivered": 4, "read": 5}


class IncomingText(Protocol):
    """What is stored of a text that came in (`gateway.texting.incoming.IncomingMessage`)."""

    @property
    def provider(self) -> str: ...
    @property
    def provider_id(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def sender(self) -> str | None: ...
    @property
    def recipient(self) -> str | None: ...
    @property
    def body(self) -> str: ...


def record_incoming(connection: Connection, message: IncomingText, now: datetime,
                    status: str = "received", report_id: int | None = None) -> int | None:
    """Store `message` (with the report it filed or named) and return its id; None when this
    provider id was already stored."""
    row = connection.execute(
        insert_ignoring(MESSAGES, connection.dialect, "provider", "provider_id",
                        returning=MESSAGES.c.id), {
            "direction": "in", "provider": message.provider,
            "provider_id": storable_id(message.provider_id) if message.provider_id else None,
            "channel": message.channel, "from_number": message.sender,
            "to_number": message.recipient, "body": storable(message.body), "status": status,
            "report_id": report_id, "created_at": now, "updated_at": now}).first()
    return int(row[0]) if row is not None else None


def mark(connection: Connection, message_id: int, status: str, now: datetime) -> None:
    """Set a message's status, whatever it was (for the message's own handling)."""
    connection.execute(update(MESSAGES).where(MESSAGES.c.id == message_id)
                       .values(status=status, updated_at=now))


@dataclass(frozen=True, slots=True)
class Outgoing:
    """An outgoing message's row: its id and the reference delivery reports carry."""

    id: int
    reference: str


def start_outgoing(connection: Connection, provider: str, channel: str, to: str, body: str,
                   report_id: int | None, now: datetime) -> Outgoing:
    """The row of a text about to be sent, with a fresh delivery-report reference."""
    reference = secrets.token_hex(12)
    new_id = connection.execute(insert(MESSAGES).values(
        direction="out", provider=provider, channel=channel, to_number=to, body=body,
        status="sending", report_id=report_id, reference=reference, created_at=now,
        updated_at=now).returning(MESSAGES.c.id)).scalar_one()
    return Outgoing(int(new_id), reference)


def reference_of(connection: Connection, message_id: int) -> str:
    """The delivery-report reference of the outgoing message `message_id`."""
    return str(connection.execute(select(MESSAGES.c.reference)
                                  .where(MESSAGES.c.id == message_id)).scalar_one())


def record_sent(connection: Connection, message_id: int, provider: str,
                provider_id: str | None, status: str, now: datetime) -> None:
    """What the provider answered when it took the text."""
    connection.execute(update(MESSAGES).where(MESSAGES.c.id == message_id).values(
        provider=provider, provider_id=storable_id(provider_id) if provider_id else None,
        updated_at=now))
    advance(connection, MESSAGES.c.id == message_id, status, None, now)


def advance(connection: Connection, which: ColumnElement[bool], status: str,
            error_code: str | None, now: datetime) -> bool:
    """Move the message(s) `which` selects to `status` if that is further than where they are;
    False when the status is unknown or would move backwards."""
    rank = PROGRESS.get(status)
    if rank is None:
        return False
    behind = [name for name, known in PROGRESS.items() if known < rank]
    values: dict[str, object] = {"status": status, "updated_at": now}
    if error_code is not None:
        values["error_code"] = storable(error_code, 16)
    done = connection.execute(update(MESSAGES).where(which, MESSAGES.c.status.in_(behind))
                              .values(**values))
    return bool(done.rowcount)


def advance_one(connection: Connection, message_id: int, status: str, now: datetime) -> bool:
    """Move one message on to `status` (the worker giving up marks it `failed`)."""
    return advance(connection, MESSAGES.c.id == message_id, status, None, now)


def provider_status(connection: Connection, provider: str, provider_id: str, status: str,
                    error_code: str | None, now: datetime) -> bool:
    """A provider's status report on an outgoing message it named by its own id."""
    return advance(connection, (MESSAGES.c.provider == provider)
                   & (MESSAGES.c.provider_id == storable_id(provider_id))
                   & (MESSAGES.c.direction == "out"), status, error_code, now)


def delivery_report(connection: Connection, provider: str, reference: str, status: str,
                    now: datetime) -> bool:
    """A delivery report that names the message by the reference it was sent with (a
    reference that is not a plain id, such as one with a NUL byte, names none)."""
    return advance(connection, (MESSAGES.c.reference == storable_id(reference))
                   & (MESSAGES.c.provider == provider), status, None, now)
