"""Calls: where each caller is in the flow, between webhooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.models.declarative import Base, utcnow


class Call(Base):
    """A phone call and where the caller is in the flow; state survives between webhooks."""

    __tablename__ = "calls"
    # The caller's language on a former call is looked up by number on every new call.
    __table_args__ = (Index("ix_calls_from_started", "from_number", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    from_number: Mapped[str | None] = mapped_column(String(16))
    to_number: Mapped[str | None] = mapped_column(String(16))
    flow: Mapped[str] = mapped_column(String(40), default="hotline")
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # state["seq"] as a column: a step is saved only if the call is still at the turn it read.
    seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_twiml: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="in-progress")
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
