"""Operator accounts, their server-side sessions, sign-in failures, and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from gateway.store.models.declarative import Base, utcnow


class Operator(Base):
    """An operator's account: role, agency, password hash, active or not."""

    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))  # admin, command-center, agency, officer,
    # viewer
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    # An `officer` operator is this field officer: they see their own desa's questions.
    officer_code: Mapped[str | None] = mapped_column(ForeignKey("field_officers.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when an admin chose the password: the operator picks their own at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())
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
    operator: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ApiKey(Base):
    """A key another system posts Open311 service requests with (`lapor api-key`): only its
    digest is kept; each has its own rate limit."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)  # who holds it
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the key
    per_minute: Mapped[int] = mapped_column(Integer, default=10)  # requests it may post
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token for the JSON API (`lapor api-token`): an operator's (their role and
    agency, while their account is active) or a system's (its own role and agency). Only its
    digest is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the token
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    role: Mapped[str] = mapped_column(String(16))  # a system's; an operator's own otherwise
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
