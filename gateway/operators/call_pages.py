"""Live calls: callers waiting for an operator, and "take call".

Taking a call redirects that caller, through Twilio's REST API, out of the queue into a <Dial>
to the operator's desk phone, so the operator picks exactly the caller they chose (not just the
first in line). Command-center operators and admins only.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from gateway.operators.actions import audit
from gateway.operators.i18n import LANGUAGE_NAMES, translate
from gateway.operators.identity import signed_in
from gateway.providers.twilio.rest_api import TakeCallError, connect_to_desk
from gateway.request_scope import db_reader, db_session, runtime
from gateway.store import calls, details
from ivr_flows.nodes import HandoffNode
from sms.numbers import normalize_msisdn

log = logging.getLogger(__name__)
bp = Blueprint("calls", __name__, url_prefix="/calls")
BAD_DESK = "Nomor telepon meja belum benar. Tulis seperti 0341512178 atau +62341512178."


def _command_center() -> None:
    if not current_user.sees_all_agencies:
        abort(403)


def waiting_calls() -> list[dict[str, Any]]:
    """Calls whose caller is in the operator queue now, longest wait first."""
    rt = runtime()
    handoffs = {n.id for n in rt.hotline.nodes.values() if isinstance(n, HandoffNode)}
    now = rt.clock()
    return [
        {"call_sid": c.call_sid, "from_number": c.from_number or translate("Tidak diketahui"),
         "waiting": int((now - c.updated_at).total_seconds()),
         "language_name": LANGUAGE_NAMES.get((c.state or {}).get("language", ""), "-")}
        for c in details.calls_going_on(db_reader()) if (c.state or {}).get("node") in handoffs
    ]


@bp.get("")
@signed_in
def live_calls() -> str:
    """The calls going on now, with the callers waiting for an operator."""
    _command_center()
    return render_template("calls.html", calls=waiting_calls(),
                           desk_phone=session.get("desk_phone", ""))


@bp.get("/rows")
@signed_in
def call_rows() -> Response:
    """The waiting callers' rows alone, for the page to replace in place (calls.js)."""
    _command_center()
    waiting = waiting_calls()
    response = Response(render_template("_call_rows.html", calls=waiting), mimetype="text/html")
    response.headers["X-Call-Count"] = str(len(waiting))
    response.headers["X-Call-Label"] = translate("penelepon")
    response.cache_control.no_store = True
    return response


@bp.post("/take")
@signed_in
def take_call() -> Response:
    """Connect the waiting caller whose button was pressed to the operator's desk phone."""
    _command_center()
    rt = runtime()
    call_sid = request.form.get("call_sid", "")
    desk = normalize_msisdn(request.form.get("desk_phone", ""))
    if desk is None:
        flash(translate(BAD_DESK))
        return redirect(url_for("calls.live_calls"))
    session["desk_phone"] = desk
    if call_sid not in {c["call_sid"] for c in waiting_calls()}:
        flash(translate("Penelepon itu sudah tidak menunggu."))
        return redirect(url_for("calls.live_calls"))
    try:
        connect_to_desk(rt.settings, call_sid, desk)
    except TakeCallError as exc:
        log.warning("take call %s failed: %s", call_sid, exc)
        flash(str(exc))
        return redirect(url_for("calls.live_calls"))
    connection = db_session().connection()
    calls.with_operator(connection, call_sid, rt.clock())
    audit(connection, current_user, "take_call", call_sid, request.remote_addr or "",
          rt.clock(), {"desk_phone": desk})
    db_session().commit()
    flash(translate("Panggilan disambungkan ke telepon meja Anda."))
    return redirect(url_for("calls.live_calls"))
