"""The database schema as SQLAlchemy 2 typed ORM classes.

Reference tables (agencies, areas, categories) mirror `config/` and are synced at start-up.
Reports carry an append-only history in `report_events`. Provider ids (CallSid, MessageSid,
RecordingSid) are unique so a repeated webhook delivery is processed once. Every timestamp is
stored and returned as an aware UTC datetime. Migrations live in `gateway/migrations/`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always aware UTC in Python, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON}


class Agency(Base):
    __tablename__ = "agencies"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    external: Mapped[bool] = mapped_column(Boolean, default=False)
    urc_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Area(Base):
    __tablename__ = "areas"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)  # Kemendagri code
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(12))  # kecamatan, desa, kelurahan
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("areas.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Category(Base):
    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    priority: Mapped[str] = mapped_column(String(8))
    acknowledge_hours: Mapped[int] = mapped_column(Integer)
    resolve_hours: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Report(Base):
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


class Message(Base):
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
    stage: Mapped[str] = mapped_column(String(16))  # place, desa, rating
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expires_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Operator(Base):
    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))  # admin, command-center, agency, viewer
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]


class OperatorSession(Base):
    """A signed-in browser. The cookie carries a random token; this row keeps its hash, so a
    session ends on the server (sign-out, disabling, a new password), not only in the cookie."""

    __tablename__ = "operator_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), index=True)
    address: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class SignInFailures(Base):
    """Failed sign-ins per (username, address) and per address, counted atomically."""

    __tablename__ = "sign_in_failures"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[datetime]
    locked_until: Mapped[datetime | None]


class AuditEntry(Base):
    """Every operator action: who, what, on what, when, and from which address."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    operator: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
