"""Signing in and out of the operators' pages.

Every form carries a CSRF token (Flask-WTF). A sign-in starts a server session; signing out ends
it, so a copied cookie opens nothing afterwards. A wrong password and an unknown username get
the same answer, and so do they once the attempts from this address are used up.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from gateway.operators.identity import CurrentOperator, signed_in
from gateway.operators.signin import authenticate
from gateway.request_scope import runtime
from gateway.store import operators, sessions

log = logging.getLogger(__name__)
bp = Blueprint("signin", __name__)


class LoginForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """The sign-in form (with its CSRF token)."""

    username = StringField("Nama pengguna", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Kata sandi", validators=[DataRequired(), Length(max=200)])


def home_of(operator: CurrentOperator) -> str:
    """Where an operator lands: viewers on the statistics, field officers on their desa's
    questions, everyone else on the queue."""
    if operator.role == "officer":
        return url_for("farming.home")
    return url_for("stats.statistics_page") if operator.role == "viewer" \
        else url_for("pages.queue")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Show the sign-in form, or sign in and open a server-side session."""
    form = LoginForm()
    if form.validate_on_submit():
        rt = runtime()
        address, now = request.remote_addr or "", rt.clock()
        found, outcome = authenticate(rt.db, form.username.data or "", form.password.data or "",
                                      address, now)
        if found is not None:
            lifetime = timedelta(minutes=rt.settings.SESSION_MINUTES)
            with rt.db.transaction() as connection:
                token = sessions.start(connection, found.id, address, now, lifetime)
                operators.audit(connection, found.username, "signed_in", found.username,
                                address, now, {})
            session.clear()
            session.permanent = True
            operator = CurrentOperator(found.id, found.username, found.role, found.agency_code,
                                       token)
            login_user(operator)
            log.info("operator %s signed in from %s", found.username, address)
            return redirect(home_of(operator))
        log.warning("failed sign-in for %r from %s (%s)", (form.username.data or "")[:64],
                    address, outcome)
        if outcome == "locked":
            flash("Terlalu banyak percobaan masuk dari alamat ini. Silakan coba lagi nanti.")
        else:
            flash("Nama pengguna atau kata sandi salah.")
    return render_template("login.html", form=form), 200 if request.method == "GET" else 401


@bp.post("/logout")
@signed_in
def logout() -> Response:
    """End the operator's session on the server and in the browser."""
    rt = runtime()
    with rt.db.transaction() as connection:
        sessions.end(connection, current_user.session_token, rt.clock())
        operators.audit(connection, current_user.username, "signed_out", current_user.username,
                        request.remote_addr or "", rt.clock(), {})
    logout_user()
    session.clear()
    return redirect(url_for("signin.login"))
