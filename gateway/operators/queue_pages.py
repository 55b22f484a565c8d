"""The operators' pages: sign in, sign out, and the report queue.

Command-center operators and admins see every report; agency operators see their agency's
queue only, with reporters' numbers masked. Every form carries a CSRF token (Flask-WTF).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from gateway.operators.auth import authenticate, current_from
from gateway.runtime import db_reader, db_session, runtime
from gateway.store import models
from sms.numbers import mask_msisdn, normalize_msisdn

log = logging.getLogger(__name__)
bp = Blueprint("pages", __name__)

WIB = timezone(timedelta(hours=7), "WIB")
PAGE_SIZE = 50
COUNT_CAP = 10_000
CHANNELS = {"voice": "Telepon", "sms": "SMS", "whatsapp": "WhatsApp", "web": "Web"}
STATUSES = {
    "new": "Baru", "verified": "Terverifikasi", "forwarded": "Diteruskan",
    "in_progress": "Sedang ditangani", "resolved": "Selesai", "rejected": "Ditolak",
    "abandoned": "Terputus", "cancelled": "Dibatalkan", "duplicate": "Duplikat",
}
PRIORITIES = {"low": "Rendah", "normal": "Biasa", "high": "Tinggi", "urgent": "Darurat"}


class LoginForm(FlaskForm):
    username = StringField("Nama pengguna", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Kata sandi", validators=[DataRequired(), Length(max=200)])


@bp.app_template_filter("wib")
def format_wib(value: Any) -> str:
    return value.astimezone(WIB).strftime("%d/%m/%Y %H:%M") if value else "-"


@bp.app_template_filter("wib_date")
def format_wib_date(value: Any) -> str:
    return value.astimezone(WIB).strftime("%d/%m/%Y") if value else "-"


@bp.get("/")
def index() -> Response:
    if current_user.is_authenticated and current_user.role == "viewer":
        return redirect(url_for("stats.statistics_page"))
    return redirect(url_for("pages.queue"))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm()
    if form.validate_on_submit():
        rt = runtime()
        operator, outcome = authenticate(
            db_session(), form.username.data or "", form.password.data or "", rt.clock()
        )
        db_session().commit()
        if operator is not None:
            session.clear()
            session.permanent = True
            login_user(current_from(operator))
            log.info("operator %s signed in from %s", operator.username, request.remote_addr)
            return redirect(url_for("pages.queue"))
        log.warning("failed sign-in for %r from %s (%s)", form.username.data,
                    request.remote_addr, outcome)
        if outcome == "locked":
            flash("Akun dikunci sementara karena terlalu banyak percobaan. "
                  "Coba lagi 15 menit lagi.")
        else:
            flash("Nama pengguna atau kata sandi salah.")
    return render_template("login.html", form=form), 200 if request.method == "GET" else 401


@bp.post("/logout")
@login_required
def logout() -> Response:
    logout_user()
    session.clear()
    return redirect(url_for("pages.login"))


def _filtered(operator: Any, args: Any) -> Any:
    """The reports this operator may see, narrowed by the queue's filters and search."""
    query = select(models.Report)
    if not operator.sees_all_agencies:
        query = query.where(models.Report.agency_code == operator.agency_code)
    status, agency = args.get("status", ""), args.get("agency", "")
    channel, area, text = args.get("channel", ""), args.get("area", ""), args.get("q", "").strip()
    if status in STATUSES:
        query = query.where(models.Report.status == status)
    if agency == "triase":
        query = query.where(models.Report.agency_code.is_(None))
    elif agency and operator.sees_all_agencies:
        query = query.where(models.Report.agency_code == agency)
    if channel in CHANNELS:
        query = query.where(models.Report.channel == channel)
    if area:
        query = query.where(or_(models.Report.area_code == area,
                                models.Report.area_code.startswith(area + ".")))
    for name, bound in (("from", "start"), ("to", "end")):
        try:
            day = date.fromisoformat(args.get(name, ""))
        except ValueError:
            continue
        moment = datetime.combine(day, time.min, WIB) + (timedelta(days=1) if bound == "end"
                                                          else timedelta())
        query = query.where(models.Report.created_at >= moment if bound == "start"
                            else models.Report.created_at < moment)
    if text:
        number = normalize_msisdn(text)
        digits = text.replace(" ", "")
        if digits.isdigit() and len(digits) == 9:
            query = query.where(models.Report.ticket == digits)
        elif number:
            query = query.where(models.Report.reporter == number)
        else:
            query = query.where(models.Report.text.ilike(f"%{text[:100]}%"))
    return query


def _rows(operator: Any, reports: Any) -> list[dict[str, Any]]:
    catalog = runtime().catalog
    now = runtime().clock()
    return [
        {
            "id": r.id,
            "ticket": r.ticket,
            "created_at": r.created_at,
            "age": _age(now - r.created_at),
            "channel": CHANNELS.get(r.channel, r.channel),
            "category": catalog.categories[r.category_code].name("id")
            if r.category_code in catalog.categories else "-",
            "area": catalog.areas[r.area_code].name if r.area_code in catalog.areas else "-",
            "agency": catalog.agencies[r.agency_code].short_name
            if r.agency_code in catalog.agencies else "Triase pusat kendali",
            "status": STATUSES.get(r.status, r.status),
            "priority": PRIORITIES.get(r.priority, r.priority),
            "deadline": _deadline(r, now),
            "reporter": r.reporter if operator.sees_all_agencies else mask_msisdn(r.reporter),
            "recordings": [rec.recording_sid for rec in r.recordings if rec.local_path],
            "recorded": bool(r.recordings),
            "reason": (r.routing or {}).get("explanation", ""),
        }
        for r in reports
    ]


def _age(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} mnt"
    if minutes < 48 * 60:
        return f"{minutes // 60} jam"
    return f"{minutes // 1440} hari"


def _deadline(report: models.Report, now: datetime) -> str:
    if report.status in ("resolved", "rejected", "cancelled", "duplicate"):
        return "-"
    due = report.acknowledge_by if report.status == "new" else report.resolve_by
    if due is None:
        return "-"
    left = due - now
    return f"lewat {_age(-left)}" if left.total_seconds() < 0 else f"{_age(left)} lagi"


def _newest(query: Any) -> Any:
    """The page's reports, newest first, with their recordings in one more query."""
    return (query.options(selectinload(models.Report.recordings))
            .order_by(models.Report.created_at.desc(), models.Report.id.desc()))


def _queue_operator() -> Any:
    """The signed-in operator, if they may see queues (viewers see statistics only)."""
    if current_user.role == "viewer":
        abort(403)
    return current_user


@bp.get("/queue")
@login_required
def queue() -> str:
    operator = _queue_operator()
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    query = _filtered(operator, request.args)
    # Counting a million rows costs more than the page itself: count at most COUNT_CAP + 1.
    total = db_reader().scalar(
        select(func.count()).select_from(query.limit(COUNT_CAP + 1).subquery())) or 0
    reports = db_reader().scalars(
        _newest(query).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    catalog = runtime().catalog
    scope = (
        "Semua dinas" if operator.sees_all_agencies
        else catalog.agencies[operator.agency_code].short_name
        if operator.agency_code in catalog.agencies else operator.agency_code
    )
    filters = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "queue.html", rows=_rows(operator, reports), page=page, scope=scope,
        total=f"{COUNT_CAP:,}+".replace(",", ".") if total > COUNT_CAP else str(total),
        pages=max((min(total, COUNT_CAP) + PAGE_SIZE - 1) // PAGE_SIZE, 1), filters=filters,
        latest=max((r.id for r in reports), default=0), statuses=STATUSES, channels=CHANNELS,
        agencies=catalog.agencies.values() if operator.sees_all_agencies else (),
        kecamatan=catalog.kecamatan(), desa_of=catalog.desa_of,
    )


@bp.get("/queue/rows")
@login_required
def new_rows() -> Any:
    """Rows newer than `after`, for the queue page to add without a reload."""
    operator = _queue_operator()
    after = request.args.get("after", 0, type=int) or 0
    reports = db_reader().scalars(
        _newest(_filtered(operator, request.args).where(models.Report.id > after))
        .limit(PAGE_SIZE)
    ).all()
    return render_template("_rows.html", rows=_rows(operator, reports), new=True)


@bp.get("/recordings/<sid>.wav")
@login_required
def recording(sid: str) -> Response:
    """The local copy of a caller's recording, for operators allowed to see its report."""
    operator = current_user
    found = db_reader().scalar(
        select(models.Recording).where(models.Recording.recording_sid == sid)
    )
    if found is None or not found.local_path or operator.role == "viewer":
        abort(404)
    report = db_reader().get(models.Report, found.report_id) if found.report_id else None
    if not operator.sees_all_agencies and (report is None
                                           or report.agency_code != operator.agency_code):
        abort(404)
    path = Path(found.local_path)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="audio/wav", conditional=True)
