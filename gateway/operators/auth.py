"""Operator accounts and sign-in: password hashing, roles, lockout, Flask-Login wiring.

Roles: admin, command-center (all queues), agency (own agency only), viewer (statistics only).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask
from flask_login import LoginManager
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from gateway.runtime import db_reader
from gateway.store import models

log = logging.getLogger(__name__)

ROLES = ("admin", "command-center", "agency", "viewer")
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
# Checked when the username is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = generate_password_hash("lapor-gateway-dummy-password")


class OperatorError(ValueError):
    """An operator account cannot be created as asked."""


@dataclass(frozen=True)
class CurrentOperator:
    """The signed-in operator as Flask-Login sees it (no ORM object kept across requests)."""

    id: int
    username: str
    role: str
    agency_code: str | None

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def sees_all_agencies(self) -> bool:
        return self.role in ("admin", "command-center")


def add_operator(
    session: Session, username: str, password: str, role: str, agency_code: str | None,
    now: datetime,
) -> models.Operator:
    """Create an operator; raise `OperatorError` with a one-line reason when the input is bad."""
    if role not in ROLES:
        raise OperatorError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if not username or len(username) > 64 or not username.replace("-", "").replace(".", "").replace(
        "_", ""
    ).isalnum():
        raise OperatorError(f"username {username!r}: use 1-64 letters, digits, '.', '-' or '_'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperatorError(f"password: use at least {MIN_PASSWORD_LENGTH} characters")
    if role == "agency":
        if not agency_code:
            raise OperatorError("role agency needs --agency CODE")
        if session.get(models.Agency, agency_code) is None:
            raise OperatorError(f"agency {agency_code!r} is not an agency code in agencies.yaml")
    elif agency_code:
        raise OperatorError(f"--agency is only for role agency, not {role!r}")
    if session.scalar(select(models.Operator.id).where(models.Operator.username == username)):
        raise OperatorError(f"username {username!r} already exists")
    operator = models.Operator(
        username=username, password_hash=generate_password_hash(password), role=role,
        agency_code=agency_code, created_at=now,
    )
    session.add(operator)
    session.flush()
    return operator


def authenticate(
    session: Session, username: str, password: str, now: datetime
) -> tuple[models.Operator | None, str]:
    """Check a sign-in. Returns the operator, or None and the reason ('bad' or 'locked')."""
    operator = session.scalar(select(models.Operator).where(models.Operator.username == username))
    if operator is None or not operator.active:
        check_password_hash(_DUMMY_HASH, password)
        return None, "bad"
    if operator.locked_until is not None and operator.locked_until > now:
        return None, "locked"
    if not check_password_hash(operator.password_hash, password):
        operator.failed_logins += 1
        if operator.failed_logins >= MAX_FAILED_LOGINS:
            operator.locked_until = now + LOCKOUT
            operator.failed_logins = 0
            log.warning("operator %s locked out after %d failed logins", username,
                        MAX_FAILED_LOGINS)
            return None, "locked"
        return None, "bad"
    operator.failed_logins = 0
    operator.locked_until = None
    operator.last_login_at = now
    return operator, "ok"


def current_from(operator: models.Operator) -> CurrentOperator:
    return CurrentOperator(operator.id, operator.username, operator.role, operator.agency_code)


def init_app(app: Flask) -> None:
    manager = LoginManager(app)
    manager.login_view = "pages.login"
    manager.login_message = "Silakan masuk terlebih dahulu."
    manager.session_protection = "strong"

    @manager.user_loader
    def load_operator(operator_id: str) -> CurrentOperator | None:
        if not operator_id.isdigit():
            return None
        operator = db_reader().get(models.Operator, int(operator_id))
        if operator is None or not operator.active:
            return None
        return current_from(operator)
