"""Reports escalated to the national complaint channel LAPOR!-SP4N: who asked, what was sent,
the national tracking id, and the last national status seen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.models.declarative import Base, utcnow


class NationalEscalation(Base):
    """One report's escalation to LAPOR!-SP4N (`gateway.sp4n`); at most one per report."""

    __tablename__ = "national_escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), unique=True)
    requested_by: Mapped[str] = mapped_column(String(80))  # "operator:<username>"
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    summary: Mapped[str] = mapped_column(Text)  # what LAPOR! is told, written by the operator
    public: Mapped[bool] = mapped_column(Boolean, default=False)  # may LAPOR! publish it
    tracking_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    sent_at: Mapped[datetime | None] = mapped_column()
    national_status: Mapped[str | None] = mapped_column(String(64))
    replies_seen: Mapped[int] = mapped_column(Integer, default=0)  # LAPOR!'s follow-ups seen
    checked_at: Mapped[datetime | None] = mapped_column()
    failure: Mapped[str | None] = mapped_column(Text)  # why sending failed for good
