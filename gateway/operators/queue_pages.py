"""The report queue: filters, search, paging, and new reports appearing without a reload.

Command-center operators and admins see every report; agency operators see their agency's
queue only, with reporters' numbers masked (and cannot search by number). Query values that
make no sense are ignored or clamped: a page never fails on what is typed into its address.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from gateway.context import db_reader, runtime
from gateway.operators.signin_pages import home_of
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
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
AUDIO_TYPES = {".wav": "audio/wav", ".mp3": "audio/mpeg"}


@bp.app_template_filter("wib")
def format_wib(value: Any) -> str:
    return value.astimezone(WIB).strftime("%d/%m/%Y %H:%M") if value else "-"


@bp.app_template_filter("wib_date")
def format_wib_date(value: Any) -> str:
    return value.astimezone(WIB).strftime("%d/%m/%Y") if value else "-"


@bp.get("/")
def index() -> Response:
    if current_user.is_authenticated:
        return redirect(home_of(current_user))
    return redirect(url_for("signin.login"))


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
        day = parse_day(args.get(name, ""))
        if day is None:
            continue
        moment = datetime.combine(day, time.min, WIB) + (timedelta(days=1) if bound == "end"
                                                          else timedelta())
        query = query.where(models.Report.created_at >= moment if bound == "start"
                            else models.Report.created_at < moment)
    if text:
        number = normalize_msisdn(text) if operator.sees_numbers else None
        digits = text.replace(" ", "")
        if digits.isascii() and digits.isdigit() and len(digits) == 9:
            query = query.where(models.Report.ticket == digits)
        elif number:
            query = query.where(models.Report.reporter == number)
        else:
            query = query.where(models.Report.text.ilike(f"%{_like(text[:100])}%",
                                                         escape="\\"))
    return query


def parse_day(text: str) -> date | None:
    """A date typed in a filter, within the years a report can have; else None."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


def _like(text: str) -> str:
    """`text` for a LIKE pattern: its own % and _ match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _number(text: str | None, largest: int) -> int:
    """A page or row number from the query: 0 when it is not a plain number, at most
    `largest`."""
    text = (text or "").strip()
    return min(int(text), largest) if text.isascii() and text.isdigit() and len(text) < 19 \
        else 0


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
            "reporter": r.reporter if operator.sees_numbers else mask_msisdn(r.reporter),
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
    page = max(_number(request.args.get("page"), COUNT_CAP // PAGE_SIZE + 1), 1)
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
    after = _number(request.args.get("after"), 2**62)
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
    return send_file(path, mimetype=AUDIO_TYPES.get(path.suffix, "audio/wav"), conditional=True)
