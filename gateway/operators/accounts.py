"""Operator accounts: create one, give it a new password, disable it. The one module that
writes `operators` (sign-in writes only its last sign-in time, in `gateway.operators.signin`).

A new password and disabling both end every session of the operator at once.
"""

from __future__ import annotations

from datetime import datetime

from werkzeug.security import generate_password_hash

from gateway.store import models, operators, sessions
from gateway.store.database import Session

ROLES = ("admin", "command-center", "agency", "officer", "viewer")
MIN_PASSWORD_LENGTH = 10


class OperatorError(ValueError):
    """An operator account cannot be created or changed as asked."""


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperatorError(f"password: use at least {MIN_PASSWORD_LENGTH} characters")


def add_operator(session: Session, username: str, password: str, role: str,
                 agency_code: str | None, now: datetime,
                 officer_code: str | None = None) -> models.Operator:
    """Create an operator; raise `OperatorError` with a one-line reason when the input is bad.
    An `officer` is a field officer of the farmers' line (`officer_code`, in PERTANIAN)."""
    if role not in ROLES:
        raise OperatorError(f"role {role!r} is not one of {', '.join(ROLES)}")
    plain = username.replace("-", "").replace(".", "").replace("_", "")
    if not username or len(username) > 64 or not (plain.isascii() and plain.isalnum()):
        raise OperatorError(f"username {username!r}: use 1-64 letters, digits, '.', '-' or '_'")
    _check_password(password)
    if role == "agency":
        if not agency_code:
            raise OperatorError("role agency needs --agency CODE")
        if not operators.agency_exists(session, agency_code):
            raise OperatorError(f"agency {agency_code!r} is not an agency code in agencies.yaml")
    elif agency_code:
        raise OperatorError(f"--agency is only for role agency, not {role!r}")
    if role == "officer":
        if not officer_code or not operators.officer_exists(session, officer_code):
            raise OperatorError(f"role officer needs --officer CODE of a field officer "
                                f"(config/farming/officers.yaml); {officer_code!r} is not one")
        agency_code = "PERTANIAN"
    elif officer_code:
        raise OperatorError(f"--officer is only for role officer, not {role!r}")
    if operators.find(session, username) is not None:
        raise OperatorError(f"username {username!r} already exists")
    return operators.add(session, username, generate_password_hash(password), role,
                         agency_code, now, officer_code)


def _existing(session: Session, username: str) -> models.Operator:
    operator = operators.find(session, username)
    if operator is None:
        raise OperatorError(f"username {username!r} does not exist")
    return operator


def set_password(session: Session, username: str, password: str, now: datetime) -> int:
    """Give the operator a new password; returns how many of their sessions were ended."""
    _check_password(password)
    operator = _existing(session, username)
    operator.password_hash = generate_password_hash(password)
    session.flush()
    return sessions.end_all(session.connection(), operator.id, now)


def set_active(session: Session, username: str, active: bool, now: datetime) -> int:
    """Enable or disable the operator; disabling ends their sessions (returns how many)."""
    operator = _existing(session, username)
    operator.active = active
    session.flush()
    return 0 if active else sessions.end_all(session.connection(), operator.id, now)
