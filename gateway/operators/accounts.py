"""Operator accounts: create one, give it a new password, change its role, disable it, let
its owner choose their own password. The one module that writes `operators` (sign-in writes
only its last sign-in time, in `gateway.operators.signin`).

A new password and disabling both end every session of the operator at once. A password an
admin chose (a new account, a reset) is temporary: its owner must choose their own at the next
sign-in.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from werkzeug.security import check_password_hash, generate_password_hash

from gateway.store import models, operators, sessions
from gateway.store.database import Session

ROLES = ("admin", "command-center", "agency", "officer", "viewer")
MIN_PASSWORD_LENGTH = 10


class OperatorError(ValueError):
    """An operator account cannot be created or changed as asked: `str()` is the reason for
    the command line, `page` the words of the operators' pages (a catalogue key)."""

    def __init__(self, reason: str, page: str = "Tidak dapat disimpan.") -> None:
        super().__init__(reason)
        self.page = page


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperatorError(f"password: use at least {MIN_PASSWORD_LENGTH} characters",
                            "Kata sandi paling sedikit 10 karakter.")


def add_operator(session: Session, username: str, password: str, role: str,
                 agency_code: str | None, now: datetime,
                 officer_code: str | None = None, temporary: bool = False) -> models.Operator:
    """Create an operator; raise `OperatorError` with a one-line reason when the input is bad.
    An `officer` is a field officer of the farmers' line (`officer_code`, in PERTANIAN). A
    `temporary` password must be changed at the first sign-in."""
    plain = username.replace("-", "").replace(".", "").replace("_", "")
    if not username or len(username) > 64 or not (plain.isascii() and plain.isalnum()):
        raise OperatorError(f"username {username!r}: use 1-64 letters, digits, '.', '-' or '_'",
                            "Nama pengguna: 1-64 huruf, angka, titik, tanda hubung atau garis "
                            "bawah.")
    _check_password(password)
    agency_code = _role_fits(session, role, agency_code, officer_code)
    if operators.find(session, username) is not None:
        raise OperatorError(f"username {username!r} already exists",
                            "Nama pengguna itu sudah dipakai.")
    added = operators.add(session, username, generate_password_hash(password), role,
                          agency_code, now, officer_code)
    added.must_change_password = temporary
    return added


def _role_fits(session: Session, role: str, agency_code: str | None,
               officer_code: str | None) -> str | None:
    """The agency a role with these codes belongs to; `OperatorError` when they do not fit."""
    if role not in ROLES:
        raise OperatorError(f"role {role!r} is not one of {', '.join(ROLES)}",
                            "Peran tidak dikenal.")
    if role == "agency":
        if not agency_code:
            raise OperatorError("role agency needs --agency CODE", "Peran dinas perlu dinasnya.")
        if not operators.agency_exists(session, agency_code):
            raise OperatorError(f"agency {agency_code!r} is not an agency code in agencies.yaml",
                                "Dinas tidak dikenal.")
    elif agency_code:
        raise OperatorError(f"--agency is only for role agency, not {role!r}",
                            "Dinas hanya untuk peran dinas.")
    if role == "officer":
        if not officer_code or not operators.officer_exists(session, officer_code):
            raise OperatorError(f"role officer needs --officer CODE of a field officer "
                                f"(config/farming/officers.yaml); {officer_code!r} is not one",
                                "Peran penyuluh perlu kode penyuluh yang ada.")
        return "PERTANIAN"
    if officer_code:
        raise OperatorError(f"--officer is only for role officer, not {role!r}",
                            "Kode penyuluh hanya untuk peran penyuluh.")
    return agency_code


def _existing(session: Session, username: str) -> models.Operator:
    operator = operators.find(session, username)
    if operator is None:
        raise OperatorError(f"username {username!r} does not exist", "Operator tidak ditemukan.")
    return operator


def set_password(session: Session, username: str, password: str, now: datetime) -> int:
    """Give the operator a new (temporary) password; returns how many of their sessions were
    ended. They choose their own at the next sign-in."""
    _check_password(password)
    operator = _existing(session, username)
    operator.password_hash = generate_password_hash(password)
    operator.must_change_password = True
    session.flush()
    return sessions.end_all(session.connection(), operator.id, now)


# No 0/O, 1/l/I: a temporary password is read out or copied by hand.
HANDOVER_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"


def random_password() -> str:
    """A temporary password to hand over: 14 letters and digits (about 69 bits)."""
    return "".join(secrets.choice(HANDOVER_LETTERS) for _ in range(14))


def reset_password(session: Session, username: str, now: datetime) -> str:
    """Give the operator a random temporary password, end their sessions, and return it (to
    be handed over once; it is not stored)."""
    password = random_password()
    set_password(session, username, password, now)
    return password


def choose_password(session: Session, operator_id: int, current: str, new: str,
                    repeated: str, now: datetime, keep: str) -> None:
    """The operator's own new password, in place of the one they signed in with; their other
    sessions end, the one `keep` names stays."""
    operator = session.get(models.Operator, operator_id)
    if operator is None or not check_password_hash(operator.password_hash, current):
        raise OperatorError("current password is wrong", "Kata sandi saat ini salah.")
    if new != repeated:
        raise OperatorError("the new passwords differ", "Kedua kata sandi baru tidak sama.")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise OperatorError("new password too short",
                            "Kata sandi baru paling sedikit 10 karakter.")
    if new == current:
        raise OperatorError("new password is the old one",
                            "Pilih kata sandi yang berbeda dari yang sekarang.")
    operator.password_hash = generate_password_hash(new)
    operator.must_change_password = False
    session.flush()
    sessions.end_all(session.connection(), operator.id, now, keep=keep)


def set_role(session: Session, username: str, role: str, agency_code: str | None,
             officer_code: str | None) -> models.Operator:
    """Give the operator another role (and agency or field officer); the next request they
    make is answered with it."""
    operator = _existing(session, username)
    operator.agency_code = _role_fits(session, role, agency_code, officer_code)
    operator.role, operator.officer_code = role, officer_code if role == "officer" else None
    session.flush()
    return operator


def set_active(session: Session, username: str, active: bool, now: datetime) -> int:
    """Enable or disable the operator; disabling ends their sessions (returns how many)."""
    operator = _existing(session, username)
    operator.active = active
    session.flush()
    return 0 if active else sessions.end_all(session.connection(), operator.id, now)
