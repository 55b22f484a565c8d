"""The farmers' line: farmers and their crops, field officers and their desa, the advice library,
market prices, questions to officers, and alerts with their recipients.

A question is a report of kind "question" (its ticket, history and status path are a report's);
`farm_questions` holds what only a question has. Deleting a farmer (HAPUS) deletes the profile and
its crops; their questions stay, unlinked.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.models.declarative import Base, utcnow


class Farmer(Base):
    """A registered farmer: what they gave, what an officer added, and their consent."""

    __tablename__ = "farmers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), unique=True)  # E.164
    name: Mapped[str] = mapped_column(String(80), default="")
    name_recording: Mapped[str | None] = mapped_column(String(500))  # a recording's URL
    desa_code: Mapped[str | None] = mapped_column(ForeignKey("areas.code"), index=True)
    dusun: Mapped[str] = mapped_column(String(80), default="")
    group_name: Mapped[str] = mapped_column(String(80), default="")  # kelompok tani
    land_area_ha: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")
    nik: Mapped[str | None] = mapped_column(String(16))  # only ever entered by an officer
    language: Mapped[str] = mapped_column(String(2), default="id")
    consent_at: Mapped[datetime]
    consent_channel: Mapped[str] = mapped_column(String(10))  # voice, sms, whatsapp, officer
    registered_by: Mapped[str] = mapped_column(String(64), default="")  # officer, or empty
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FarmerCommodity(Base):
    """A crop or product a farmer grows or keeps."""

    __tablename__ = "farmer_commodities"
    __table_args__ = (Index("ix_farmer_commodities_commodity", "commodity"),)

    farmer_id: Mapped[int] = mapped_column(ForeignKey("farmers.id", ondelete="CASCADE"),
                                           primary_key=True)
    commodity: Mapped[str] = mapped_column(String(32), primary_key=True)


class FieldOfficer(Base):
    """A field officer, or a coordinator (kind) of a kecamatan's officers."""

    __tablename__ = "field_officers"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(12), default="officer")  # officer, coordinator
    kecamatan_code: Mapped[str | None] = mapped_column(String(16))  # a coordinator's
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class OfficerArea(Base):
    """A desa's responsible officer and backup: one row a desa, so there is exactly one."""

    __tablename__ = "officer_areas"

    desa_code: Mapped[str] = mapped_column(ForeignKey("areas.code"), primary_key=True)
    officer_code: Mapped[str] = mapped_column(ForeignKey("field_officers.code"), index=True)
    backup_code: Mapped[str | None] = mapped_column(ForeignKey("field_officers.code"))


class AdviceItem(Base):
    """An item of the advice library, with how often it was played and heard to the end."""

    __tablename__ = "advice_items"
    __table_args__ = (Index("ix_advice_items_commodity_topic", "commodity", "topic"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    commodity: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    plays: Mapped[int] = mapped_column(Integer, default=0)
    completions: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), default="")


class AdviceText(Base):
    """An item in one language: its title and text, or an uploaded recording."""

    __tablename__ = "advice_texts"

    item_id: Mapped[int] = mapped_column(ForeignKey("advice_items.id", ondelete="CASCADE"),
                                         primary_key=True)
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text, default="")
    audio_path: Mapped[str | None] = mapped_column(String(500))  # an uploaded recording
    audio_seconds: Mapped[int | None]


class MarketPrice(Base):
    """A commodity's price at a market on a day, in whole rupiah per unit."""

    __tablename__ = "market_prices"
    __table_args__ = (UniqueConstraint("commodity", "market", "day",
                                       name="uq_market_prices_commodity_market_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commodity: Mapped[str] = mapped_column(String(32))
    market: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(12))
    price: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    entered_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FarmQuestion(Base):
    """What a farmer's question has beyond its report: who holds it, and the answer."""

    __tablename__ = "farm_questions"
    __table_args__ = (Index("ix_farm_questions_desa_asked", "desa_code", "asked_at"),)

    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), primary_key=True)
    farmer_id: Mapped[int | None] = mapped_column(ForeignKey("farmers.id",
                                                             ondelete="SET NULL"))
    desa_code: Mapped[str | None] = mapped_column(ForeignKey("areas.code"))
    commodity: Mapped[str | None] = mapped_column(String(32))
    topic: Mapped[str | None] = mapped_column(String(16))
    pests: Mapped[list[str]] = mapped_column(JSON, default=list)
    officer_code: Mapped[str | None] = mapped_column(ForeignKey("field_officers.code"),
                                                     index=True)
    level: Mapped[int] = mapped_column(Integer, default=0)  # 0 officer, 1 backup, 2 coordinators
    held_since: Mapped[datetime] = mapped_column(default=utcnow)
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer_text: Mapped[str] = mapped_column(Text, default="")
    answer_audio_path: Mapped[str | None] = mapped_column(String(500))
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[str] = mapped_column(String(64), default="")
    helpful: Mapped[bool | None]
    visit_on: Mapped[date | None] = mapped_column(Date)
    visit_outcome: Mapped[str] = mapped_column(Text, default="")
    advice_item_id: Mapped[int | None] = mapped_column(ForeignKey("advice_items.id"))


class Alert(Base):
    """An alert sent to registered farmers chosen by desa and commodity."""

    __tablename__ = "farm_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # pest, weather, fertiliser, training
    text: Mapped[str] = mapped_column(Text)
    desa_codes: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every desa
    commodities: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every crop
    voice_item_id: Mapped[int | None] = mapped_column(ForeignKey("advice_items.id"))
    audience: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AlertRecipient(Base):
    """One farmer an alert went to (its texts and calls are outbox jobs with its `alert_id`)."""

    __tablename__ = "farm_alert_recipients"

    alert_id: Mapped[int] = mapped_column(ForeignKey("farm_alerts.id"), primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), primary_key=True)
