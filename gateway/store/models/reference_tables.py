"""Reference tables: agencies, areas and categories, mirrored from `config/` at start-up."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.models.declarative import Base


class Agency(Base):
    """A city agency (SKPD), mirrored from `config/agencies.yaml`."""

    __tablename__ = "agencies"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    external: Mapped[bool] = mapped_column(Boolean, default=False)
    urc_numbers: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Area(Base):
    """A kecamatan or desa/kelurahan of the city, mirrored from `config/`."""

    __tablename__ = "areas"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)  # Kemendagri code
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(12))  # kecamatan, desa, kelurahan
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("areas.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Category(Base):
    """A report category with its agency, priority and deadlines, mirrored from `config/`."""

    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    priority: Mapped[str] = mapped_column(String(8))
    acknowledge_hours: Mapped[int] = mapped_column(Integer)
    resolve_hours: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
