"""The admins' operators page: add an operator, disable or enable one, give a temporary
password, lift a sign-in lock, change role and agency. Admins only; every change is audited.

A password an admin gives (a new account, a reset) is shown once and is temporary: its owner
chooses their own at the next sign-in (`account_pages`).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from gateway.operators import accounts
from gateway.operators.actions import audit
from gateway.operators.i18n import said, translate
from gateway.operators.identity import signed_in
from gateway.request_scope import db_session, runtime
from gateway.store import farm_reference, operators, sign_in

bp = Blueprint("admin", __name__, url_prefix="/admin")
ROLE_NAMES = {"admin": "Admin", "command-center": "Pusat kendali", "agency": "Dinas",
              "officer": "Penyuluh", "viewer": "Pimpinan (lihat statistik)"}
ACTIONS = ("disable", "enable", "reset", "unlock", "role")


def admin_only() -> None:
    """Refuse anyone but an admin (403)."""
    if not current_user.is_admin:
        abort(403)


@bp.get("/operators")
@signed_in
def operators_page() -> str:
    """Every operator with its state, and the forms to change them."""
    admin_only()
    return _page()


def _page(handover: tuple[str, str] | None = None) -> str:
    """The page; `handover` is a (username, temporary password) shown this once, in the
    answer itself (never in a redirect's cookie)."""
    rt = runtime()
    session = db_session()
    locked = sign_in.locked_usernames(session.connection(), rt.clock())
    with rt.db.reading() as connection:
        officers = [o for o in farm_reference.officers(connection) if o.kind == "officer"]
    return render_template("admin/operators.html", people=operators.every(session),
                           locked=locked, roles=ROLE_NAMES, agencies=rt.catalog.agencies,
                           officers=officers, handover=handover)


@bp.post("/operators")
@signed_in
def add_operator() -> Response | str:
    """Add an operator with a temporary password, shown once."""
    admin_only()
    form, rt = request.form, runtime()
    username, role = form.get("username", "").strip(), form.get("role", "")
    password = accounts.random_password()
    try:
        accounts.add_operator(db_session(), username, password, role,
                              form.get("agency") or None, rt.clock(),
                              form.get("officer") or None, temporary=True)
    except accounts.OperatorError as exc:
        db_session().rollback()
        flash(translate(exc.page))
        return redirect(url_for("admin.operators_page"))
    _audit("operator_added", username, {"role": role, "agency": form.get("agency") or None})
    return _page((username, password))


@bp.post("/operators/<username>/<action>")
@signed_in
def change_operator(username: str, action: str) -> Response | str:
    """Disable, enable, reset the password of, unlock, or change the role of `username`."""
    admin_only()
    if action not in ACTIONS:
        abort(404)
    rt, session, form = runtime(), db_session(), request.form
    now = rt.clock()
    if username == current_user.username and action in ("disable", "role"):
        flash(translate("Anda tidak dapat menonaktifkan atau mengubah peran akun Anda sendiri."))
        return redirect(url_for("admin.operators_page"))
    try:
        if action in ("disable", "enable"):
            accounts.set_active(session, username, action == "enable", now)
            done = translate("Tersimpan.")
        elif action == "reset":
            password = accounts.reset_password(session, username, now)
            _audit("operator_reset", username, {})
            return _page((username, password))
        elif action == "unlock":
            sign_in.unlock(session.connection(), username)
            done = said("{username} dapat mencoba masuk lagi.", username=username)
        else:
            accounts.set_role(session, username, form.get("role", ""),
                              form.get("agency") or None, form.get("officer") or None)
            done = translate("Tersimpan.")
    except accounts.OperatorError as exc:
        session.rollback()
        flash(translate(exc.page))
        return redirect(url_for("admin.operators_page"))
    detail = {"role": form.get("role"), "agency": form.get("agency") or None} \
        if action == "role" else {}
    _audit(f"operator_{action}", username, detail)
    flash(done)
    return redirect(url_for("admin.operators_page"))


def _audit(action: str, target: str, detail: Mapping[str, object]) -> None:
    session = db_session()
    audit(session.connection(), current_user, action, target, request.remote_addr or "",
          runtime().clock(), detail)
    session.commit()
