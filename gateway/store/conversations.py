"""Conversations: the one open exchange with a number, a follow-up question waiting for its
answer (which place? which desa? a 1-5 rating). The one module that writes `conversations`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from gateway.store import models

CONVERSATIONS = models.table(models.Conversation)
CONVERSATION_MINUTES = 30
RATING_DAYS = 7


@dataclass(frozen=True, slots=True)
class Conversation:
    """A question the gateway asked a texter and is waiting to hear the answer to."""

    id: int
    stage: str  # place, desa, rating; register, helpful (the farmers' line)
    report_id: int | None
    data: dict[str, str]
    expires_at: datetime


def current(connection: Connection, number: str) -> Conversation | None:
    """The conversation with `number`, locked for this transaction (PostgreSQL); None when there
    is none, for instance when another message from the number ended it a moment ago."""
    row = connection.execute(
        select(CONVERSATIONS.c.id, CONVERSATIONS.c.stage, CONVERSATIONS.c.report_id,
               CONVERSATIONS.c.data, CONVERSATIONS.c.expires_at)
        .where(CONVERSATIONS.c.number == number).with_for_update()).first()
    if row is None:
        return None
    return Conversation(row.id, row.stage, row.report_id, dict(row.data or {}), row.expires_at)


def start(connection: Connection, number: str, channel: str, stage: str, report_id: int | None,
          now: datetime, minutes: int = CONVERSATION_MINUTES, **data: str) -> None:
    """Start the one open exchange with `number`, replacing any older one."""
    end(connection, number)
    connection.execute(insert(CONVERSATIONS).values(
        number=number, channel=channel, stage=stage, report_id=report_id, data=data,
        expires_at=now + timedelta(minutes=minutes), updated_at=now))


def start_rating(connection: Connection, number: str, channel: str, report_id: int,
                 now: datetime, language: str = "id") -> None:
    """Ask `number` to rate a resolved report: the answer is awaited for `RATING_DAYS`."""
    start(connection, number, channel, "rating", report_id, now, minutes=RATING_DAYS * 24 * 60,
          language=language)


def move(connection: Connection, conversation: Conversation, now: datetime,
         stage: str | None = None, **data: Any) -> None:
    """Go on to `stage` (or stay) with more data."""
    connection.execute(update(CONVERSATIONS).where(CONVERSATIONS.c.id == conversation.id).values(
        stage=stage or conversation.stage, data={**conversation.data, **data}, updated_at=now))


def end(connection: Connection, number: str) -> None:
    """Forget the question asked of `number`."""
    connection.execute(delete(CONVERSATIONS).where(CONVERSATIONS.c.number == number))
