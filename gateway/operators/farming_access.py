"""Who may do what on the farmers' line's pages.

Field officers (`officer`) see and answer the questions and farmers of their own desa (those
they answer for or stand in for), and nothing else. Farming staff (admins, the command center,
and the agriculture agency's operators) see every desa and run the library, prices, alerts and
the roster. Everyone else gets 403 on these pages.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort
from flask_login import current_user

from gateway.operators.identity import CurrentOperator
from gateway.request_scope import runtime
from gateway.store import farm_reference

AUDIO_TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg"}


def farming_operator() -> CurrentOperator:
    """The signed-in operator, when they work on the farmers' line."""
    operator: CurrentOperator = current_user
    if operator.role != "officer" and not operator.farming_staff:
        abort(403)
    return operator


def staff_only() -> CurrentOperator:
    """The signed-in operator, when they run the farmers' line (not a field officer)."""
    operator: CurrentOperator = current_user
    if not operator.farming_staff:
        abort(403)
    return operator


def desa_scope(operator: CurrentOperator) -> Sequence[str] | None:
    """The desa an operator may see: an officer's own, or None for every desa."""
    if operator.role != "officer":
        return None
    with runtime().db.reading() as connection:
        return list(farm_reference.desa_of(connection, operator.officer_code or ""))


def may_see_desa(operator: CurrentOperator, desa: str | None) -> bool:
    """Whether `desa` is in the operator's scope (a question with no desa: staff only)."""
    scope = desa_scope(operator)
    return scope is None or (desa is not None and desa in scope)
