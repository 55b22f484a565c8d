"""The outbox: work for the worker, written with the change that causes it."""

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


class OutboxItem(Base):
    """Outbound work written in the same transaction as the change that causes it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # sms, download_recording, ...
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # pending, sending (claimed by a worker until next_attempt_at), done, failed
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # When the job is due: now, after a failure its retry time, while claimed its lease's end.
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    # An SMS job's message row, made when it is first claimed; every attempt reuses it.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    # The farmers' alert this text or call carries (delivery is counted per alert).
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("farm_alerts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
