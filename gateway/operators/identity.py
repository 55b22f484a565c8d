"""Who is signed in: roles, the current operator, and Flask-Login's wiring to server sessions.

Roles: admin, command-center (all queues), agency (own agency only), officer (a field officer of
the farmers' line: the questions and farmers of their own desa), viewer (statistics only).
Flask-Login keeps the session's random token in the signed cookie (`get_id`), and every request
looks the token up in `operator_sessions` (`gateway.store.sessions`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from flask import Flask
from flask_login import LoginManager, login_required

from gateway.operators.accounts import ROLES
from gateway.request_scope import runtime
from gateway.store import sessions

__all__ = ["ROLES", "CurrentOperator", "init_app", "signed_in"]

View = TypeVar("View", bound=Callable[..., Any])

# The roles that see reporters' full numbers (and may search by number).
SEES_NUMBERS = ("admin", "command-center")


@dataclass(frozen=True)
class CurrentOperator:
    """The signed-in operator as Flask-Login sees it (no ORM object kept across requests)."""

    id: int
    username: str
    role: str
    agency_code: str | None
    session_token: str
    officer_code: str | None = None
    must_change_password: bool = False

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_admin(self) -> bool:
        """Whether the operator manages accounts and reads the audit log."""
        return self.role == "admin"

    @property
    def sees_all_agencies(self) -> bool:
        return self.role in ("admin", "command-center")

    @property
    def sees_numbers(self) -> bool:
        return self.role in SEES_NUMBERS

    @property
    def farming_staff(self) -> bool:
        """Whether the operator runs the farmers' line: library, prices, alerts, officers
        (the command center, admins, and the agriculture agency's own operators)."""
        return self.role in ("admin", "command-center") or (
            self.role == "agency" and self.agency_code == "PERTANIAN")

    @property
    def works_queue(self) -> bool:
        """Whether the operator works the reports' queue (not viewers, not field officers)."""
        return self.role not in ("viewer", "officer")


def signed_in(view: View) -> View:
    """Flask-Login's `login_required`, typed: the view answers only a signed-in operator and
    sends anyone else to the sign-in page."""
    return cast(View, login_required(view))


def init_app(app: Flask) -> None:
    """Wire Flask-Login to the server-side sessions."""
    manager = LoginManager(app)
    manager.login_view = "signin.login"
    manager.login_message = "Silakan masuk terlebih dahulu."
    manager.session_protection = "strong"

    def load_operator(token: str) -> CurrentOperator | None:
        rt = runtime()
        with rt.db.reading() as connection:
            found = sessions.operator_of(connection, token, rt.clock())
        if found is None:
            return None
        return CurrentOperator(found.id, found.username, found.role, found.agency_code, token,
                               found.officer_code, found.must_change_password)

    manager.user_loader(load_operator)
