"""Citizens' numbers: the language they write in, and whether they opted out of texts.

The one module that writes the `contacts` table; the opt-out rule itself is
`gateway.reports.notices.may_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from gateway.store import models
from gateway.store.database import insert_ignoring

CONTACTS = models.table(models.Contact)
CONVERSATIONS = models.table(models.Conversation)


@dataclass(frozen=True, slots=True)
class Known:
    """What the gateway knows of a number when a message arrives from it."""

    opted_out: bool | None  # None: never heard from before
    conversation_expires: datetime | None  # None: no open follow-up question


# One round trip for both, on every incoming text.
_ABOUT = select(
    select(CONTACTS.c.opted_out).where(CONTACTS.c.number == bindparam("number"))
    .scalar_subquery(),
    select(CONVERSATIONS.c.expires_at).where(CONVERSATIONS.c.number == bindparam("number"))
    .scalar_subquery().label("expires_at"),
)
_OPTED_OUT = select(CONTACTS.c.opted_out).where(CONTACTS.c.number == bindparam("number"))
_SET = (update(CONTACTS).where(CONTACTS.c.number == bindparam("b_number"))
        .values(opted_out=bindparam("opted_out"),
                changed_at=bindparam("now", type_=CONTACTS.c.changed_at.type)))


def about(connection: Connection, number: str) -> Known:
    """What the gateway knows of `number`: its opt-out and its conversation's expiry."""
    opted_out, expires = connection.execute(_ABOUT, {"number": number}).one()
    return Known(None if opted_out is None else bool(opted_out), expires)


def opted_out(connection: Connection, number: str) -> bool | None:
    """Whether `number` opted out; None when the gateway never heard from it."""
    found = connection.execute(_OPTED_OUT, {"number": number}).first()
    return None if found is None else bool(found[0])


def remember(connection: Connection, number: str, language: str, now: datetime) -> None:
    """Keep a number the gateway hears from for the first time (nothing for a known one)."""
    connection.execute(insert_ignoring(CONTACTS, connection.dialect, "number"), {
        "number": number, "language": language, "opted_out": False, "changed_at": now})


def set_opted_out(connection: Connection, number: str, opted_out: bool, now: datetime) -> None:
    """Remember that `number` opted out (STOP) or back in (START)."""
    connection.execute(_SET, {"b_number": number, "opted_out": opted_out, "now": now})
