"""An operator's own password: chosen at the first sign-in after an admin set one, and any time
after. Until it is chosen, every page leads to this one (signing out still works)."""

from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from gateway.operators.accounts import OperatorError, choose_password
from gateway.operators.actions import audit
from gateway.operators.i18n import translate
from gateway.operators.identity import signed_in
from gateway.operators.signin_pages import home_of
from gateway.request_scope import db_session, runtime

bp = Blueprint("account", __name__, url_prefix="/account")
# What an operator who must choose a password may still open.
OPEN = {"account.password_page", "account.change_password", "signin.logout", "static",
        "i18n.choose_language"}
WEBHOOKS = ("/twilio/", "/kannel/", "/prompts/", "/dev/", "/healthz")


@bp.get("/password")
@signed_in
def password_page() -> str:
    """The form to choose one's own password."""
    return render_template("password.html", forced=current_user.must_change_password)


@bp.post("/password")
@signed_in
def change_password() -> Response:
    """Replace the password; the operator's other sessions end, this one stays."""
    rt, form = runtime(), request.form
    try:
        choose_password(db_session(), current_user.id, form.get("current", ""),
                        form.get("new", ""), form.get("repeat", ""), rt.clock(),
                        keep=current_user.session_token)
    except OperatorError as exc:
        db_session().rollback()
        flash(translate(exc.page))
        return redirect(url_for("account.password_page"))
    audit(db_session().connection(), current_user, "password_changed", current_user.username,
          request.remote_addr or "", rt.clock(), {})
    db_session().commit()
    flash(translate("Kata sandi Anda sudah diganti."))
    return redirect(home_of(current_user))


def init_app(app: Flask) -> None:
    """Send an operator whose password an admin set to this page first."""

    @app.before_request
    def _choose_password_first() -> Response | None:
        if (request.endpoint not in OPEN and not request.path.startswith(WEBHOOKS)
                and current_user.is_authenticated and current_user.must_change_password):
            return redirect(url_for("account.password_page"))
        return None
