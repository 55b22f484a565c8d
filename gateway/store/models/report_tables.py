"""Reports, the numbers that reported each problem, every report's history, and callers'
recordings."""

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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.store.models.declarative import Base, utcnow


class Report(Base):
    """A citizen's report: what, where, which agency, its status and deadlines."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_agency_created", "agency_code", "created_at"),
        Index("ix_reports_status_created", "status", "created_at"),
        Index("ix_reports_reporter", "reporter"),
        # Open reports a new one may duplicate; duplicates themselves are left out, so a flood
        # of one problem does not grow what each new report of it has to look through.
        Index("ix_reports_open_problems", "category_code", "area_code", "created_at",
              sqlite_where=text("parent_id IS NULL"),
              postgresql_where=text("parent_id IS NULL")),
        Index("ix_reports_area_created", "area_code", "created_at"),
        Index("ix_reports_channel_created", "channel", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket: Mapped[str] = mapped_column(String(12), unique=True)
    channel: Mapped[str] = mapped_column(String(10))  # voice, sms, whatsapp, web
    # report, or question (a farmer's question to a field officer: see farm_questions)
    kind: Mapped[str] = mapped_column(String(10), default="report", server_default="report")
    reporter: Mapped[str | None] = mapped_column(String(16))  # E.164; None when withheld
    language: Mapped[str] = mapped_column(String(2), default="id")
    category_code: Mapped[str | None] = mapped_column(ForeignKey("categories.code"))
    area_code: Mapped[str | None] = mapped_column(ForeignKey("areas.code"))
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="new")
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    routing: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    call_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    acknowledge_by: Mapped[datetime | None]
    resolve_by: Mapped[datetime | None]
    rating: Mapped[int | None]  # the reporter's 1-5 rating after resolution
    # A duplicate points at the open report it joined; its reporter follows that one.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    # How many different numbers reported this problem: its own reporter and those of the
    # duplicates that joined it (see ReportReporter).
    reporters: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    events: Mapped[list[ReportEvent]] = relationship(
        back_populates="report", order_by="ReportEvent.id"
    )
    recordings: Mapped[list[Recording]] = relationship(
        back_populates="report", order_by="Recording.id"
    )
    parent: Mapped[Report | None] = relationship(remote_side=[id], back_populates="duplicates")
    duplicates: Mapped[list[Report]] = relationship(back_populates="parent", order_by="Report.id")

    @property
    def public_ticket(self) -> str:
        """The ticket the citizen follows: a duplicate's reporter follows the open report."""
        return self.parent.ticket if self.parent is not None else self.ticket


class ReportReporter(Base):
    """A number, other than the open report's own reporter, that reported its problem again.
    Its primary key decides, even between concurrent messages, whether a number is new."""

    __tablename__ = "report_reporters"

    parent_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    reporter: Mapped[str] = mapped_column(String(16), primary_key=True)


class ReportEvent(Base):
    """Append-only history of a report: who did what, when and why."""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))  # "citizen", "system", "operator:<username>"
    action: Mapped[str] = mapped_column(String(32))  # created, routed, status, note, ...
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    report: Mapped[Report] = relationship(back_populates="events")


class Recording(Base):
    """A call recording: Twilio's id, the file once downloaded, the report it belongs to."""

    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recording_sid: Mapped[str] = mapped_column(String(64), unique=True)
    call_sid: Mapped[str] = mapped_column(String(64), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="in-progress")
    duration_seconds: Mapped[int | None]
    local_path: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    report: Mapped[Report | None] = relationship(back_populates="recordings")
