"""Text messages in and out, the numbers they come from, and open follow-up questions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.models.declarative import Base, utcnow


class Message(Base):
    """A text in or out, with its provider's id and delivery status."""

    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("provider", "provider_id", name="uq_messages_provider_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # in, out
    provider: Mapped[str] = mapped_column(String(12))  # twilio, kannel, console
    provider_id: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(10))  # sms, whatsapp
    from_number: Mapped[str | None] = mapped_column(String(32))
    to_number: Mapped[str | None] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="received")
    error_code: Mapped[str | None] = mapped_column(String(16))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    # An outgoing message's reference in delivery reports: random, never reused.
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Contact(Base):
    """A citizen's number: the language they write in and whether they opted out of texts."""

    __tablename__ = "contacts"

    number: Mapped[str] = mapped_column(String(16), primary_key=True)  # E.164
    language: Mapped[str] = mapped_column(String(2), default="id")
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Conversation(Base):
    """The one open exchange with a number: a follow-up question waiting for its answer."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    channel: Mapped[str] = mapped_column(String(10))
    stage: Mapped[str] = mapped_column(String(16))  # place, desa, rating, register, helpful
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expires_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
