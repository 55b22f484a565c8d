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
from flask_login import current_user
from werkzeug.wrappers import Response

from gateway.operators.i18n import page_language, said, translate
from gateway.operators.identity import signed_in
from gateway.operators.signin_pages import home_of
from gateway.request_scope import db_reader, runtime
from gateway.store import queue
from gateway.store.models import Report
from gateway.store.queue import QueueFilter
from sms.numbers import mask_msisdn, normalize_msisdn

log = logging.getLogger(__name__)
bp = Blueprint("pages", __name__)

WIB = timezone(timedelta(hours=7), "WIB")
PAGE_SIZE = 50
COUNT_CAP = 10_000
CHANNELS = {"voice": "Telepon", "sms": "SMS", "whatsapp": "WhatsApp", "web": "Web",
            "open311": "Open311"}
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
    """A timestamp as Western Indonesian Time, day and minute."""
    return value.astimezone(WIB).strftime("%d/%m/%Y %H:%M") if value else "-"


@bp.app_template_filter("wib_date")
def format_wib_date(value: Any) -> str:
    """A timestamp's day in Western Indonesian Time."""
    return value.astimezone(WIB).strftime("%d/%m/%Y") if value else "-"


@bp.get("/")
def index() -> Response:
    """The signed-in operator's home page, or the sign-in page."""
    if current_user.is_authenticated:
        return redirect(home_of(current_user))
    return redirect(url_for("signin.login"))


def queue_filter(operator: Any, args: Any) -> QueueFilter:
    """The queue's query string as a filter, within what this operator may see; values that
    make no sense are left out."""
    status, agency = args.get("status", ""), args.get("agency", "")
    channel, text = args.get("channel", ""), args.get("q", "").strip()
    start, end = parse_day(args.get("from", "")), parse_day(args.get("to", ""))
    digits = text.replace(" ", "")
    ticket = digits if digits.isascii() and digits.isdigit() and len(digits) == 9 else None
    number = normalize_msisdn(text) if text and operator.sees_numbers else None
    return QueueFilter(
        agency_only=None if operator.sees_all_agencies else operator.agency_code,
        status=status if status in STATUSES else None,
        agency=agency if agency and agency != "triase" and operator.sees_all_agencies else None,
        triage=agency == "triase", channel=channel if channel in CHANNELS else None,
        area=args.get("area", "") or None,
        since=datetime.combine(start, time.min, WIB) if start else None,
        before=datetime.combine(end, time.min, WIB) + timedelta(days=1) if end else None,
        ticket=ticket, reporter=number if not ticket else None,
        words=text if text and not ticket and not number else None)


def parse_day(text: str) -> date | None:
    """A date typed in a filter, within the years a report can have; else None."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


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
            "category": catalog.categories[r.category_code].name(page_language())
            if r.category_code in catalog.categories else "-",
            "area": catalog.areas[r.area_code].name if r.area_code in catalog.areas else "-",
            "agency": catalog.agencies[r.agency_code].short_name
            if r.agency_code in catalog.agencies else translate("Triase pusat kendali"),
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
        return said("{n} mnt", n=max(minutes, 0))
    if minutes < 48 * 60:
        return said("{n} jam", n=minutes // 60)
    return said("{n} hari", n=minutes // 1440)


def _deadline(report: Report, now: datetime) -> str:
    if report.status in ("resolved", "rejected", "cancelled", "duplicate"):
        return "-"
    due = report.acknowledge_by if report.status == "new" else report.resolve_by
    if due is None:
        return "-"
    left = due - now
    return said("lewat {age}", age=_age(-left)) if left.total_seconds() < 0 \
        else said("{age} lagi", age=_age(left))


def _queue_operator() -> Any:
    """The signed-in operator, if they may see queues (viewers see statistics only, field
    officers their desa's questions)."""
    if not current_user.works_queue:
        abort(403)
    return current_user


@bp.get("/queue", endpoint="queue")
@signed_in
def queue_page() -> str:
    """The queue of reports this operator may see, filtered and paged."""
    operator = _queue_operator()
    page = max(_number(request.args.get("page"), COUNT_CAP // PAGE_SIZE + 1), 1)
    wanted = queue_filter(operator, request.args)
    total = queue.count(db_reader(), wanted, COUNT_CAP)
    reports = queue.page(db_reader(), wanted, PAGE_SIZE, page)
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
@signed_in
def new_rows() -> Any:
    """Rows newer than `after`, for the queue page to add without a reload."""
    operator = _queue_operator()
    after = _number(request.args.get("after"), 2**62)
    reports = queue.newer(db_reader(), queue_filter(operator, request.args), after, PAGE_SIZE)
    return render_template("_rows.html", rows=_rows(operator, reports), new=True)


@bp.get("/recordings/<sid>.wav")
@signed_in
def recording(sid: str) -> Response:
    """The local copy of a caller's recording, for operators allowed to see its report."""
    operator = current_user
    found = queue.recording_file(db_reader(), sid) if operator.works_queue else None
    if found is None or not (operator.sees_all_agencies or found[1] == operator.agency_code):
        abort(404)
    path = Path(found[0])
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=AUDIO_TYPES.get(path.suffix, "audio/wav"), conditional=True)
