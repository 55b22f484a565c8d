"""The admins' audit log: every operator action, filtered by who, what, when and from where,
newest first, a page at a time, and the same lines as CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time, timedelta
from typing import Any

from flask import Blueprint, Response, render_template, request

from gateway.operators.admin_pages import admin_only
from gateway.operators.identity import signed_in
from gateway.operators.queue_pages import WIB, format_wib, parse_day
from gateway.request_scope import db_session
from gateway.store.audit_log import AuditFilter, count, entries, kinds, people

bp = Blueprint("audit", __name__, url_prefix="/admin")
PAGE_SIZE = 50
CSV_LIMIT = 100_000


def audit_filter(args: Any) -> AuditFilter:
    """The page's query string as a filter; values that make no sense are left out."""
    start, end = parse_day(args.get("from", "")), parse_day(args.get("to", ""))
    return AuditFilter(
        operator=args.get("who", "").strip()[:64] or None,
        action=args.get("what", "").strip()[:32] or None,
        since=datetime.combine(start, time.min, WIB) if start else None,
        before=datetime.combine(end, time.min, WIB) + timedelta(days=1) if end else None,
        address=args.get("where", "").strip()[:64] or None)


@bp.get("/audit")
@signed_in
def audit_page() -> str:
    """A page of the audit log, with its filters."""
    admin_only()
    session, wanted = db_session(), audit_filter(request.args)
    page = request.args.get("page", "1")
    number = int(page) if page.isascii() and page.isdigit() and 0 < len(page) < 7 else 1
    total = count(session, wanted)
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    number = min(max(number, 1), pages)
    filters = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("admin/audit.html", rows=entries(session, wanted, PAGE_SIZE,
                                                            (number - 1) * PAGE_SIZE),
                           total=total, page=number, pages=pages, filters=filters,
                           who=people(session), what=kinds(session))


@bp.get("/audit.csv")
@signed_in
def audit_csv() -> Response:
    """The filtered audit log as a CSV download (WIB times)."""
    admin_only()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["waktu_wib", "operator", "tindakan", "sasaran", "alamat", "rincian"])
    for row in entries(db_session(), audit_filter(request.args), CSV_LIMIT):
        writer.writerow([format_wib(row.at), row.operator, row.action, row.target, row.address,
                         json.dumps(row.detail, ensure_ascii=False, sort_keys=True)])
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=audit-lapor.csv"})
