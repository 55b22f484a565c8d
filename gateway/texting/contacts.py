"""Citizens' numbers: the language they write in, and whether they opted out of texts.

The one place that writes the `contacts` table, and the one opt-out check every text passes
(`may_text`), at queueing and again when the worker sends.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from gateway.store import models
from gateway.store.database import insert_ignoring

CONTACTS = models.Contact.__table__


def opted_out(connection: Connection, number: str) -> bool | None:
    """Whether `number` opted out; None when the gateway never heard from it."""
    found = connection.execute(
        select(CONTACTS.c.opted_out).where(CONTACTS.c.number == number)).first()
    return None if found is None else bool(found[0])


def may_text(connection: Connection, number: str, force: bool = False) -> bool:
    """True unless `number` opted out; `force` (an opt-out's own confirmation, staff on duty)
    always may."""
    return force or not opted_out(connection, number)


def remember(connection: Connection, number: str, language: str, now: datetime) -> None:
    """Keep a number the gateway hears from for the first time (nothing for a known one)."""
    connection.execute(insert_ignoring(CONTACTS, connection.dialect, "number").values(
        number=number, language=language, opted_out=False, changed_at=now))


def set_opted_out(connection: Connection, number: str, opted_out: bool, now: datetime) -> None:
    connection.execute(update(CONTACTS).where(CONTACTS.c.number == number)
                       .values(opted_out=opted_out, changed_at=now))
