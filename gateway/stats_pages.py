"""Statistics for leaders and agencies: per agency and category, received, open, overdue, median
times to acknowledge and to resolve, channel mix and a weekly trend, with SVG charts and CSV.

Viewers, admins and the command center see every agency; an agency operator sees their own.
Counts come from SQL; medians from the status history of the period's reports.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, Response, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from gateway import models
from gateway.charts import bar_chart, column_chart
from gateway.pages import CHANNELS, WIB
from gateway.runtime import db_reader, runtime

bp = Blueprint("stats", __name__)
OPEN = ("new", "verified", "forwarded", "in_progress")
DEFAULT_DAYS = 90


def _period() -> tuple[datetime, datetime]:
    today = runtime().clock().astimezone(WIB).date()
    try:
        start = date.fromisoformat(request.args.get("from", ""))
    except ValueError:
        start = today - timedelta(days=DEFAULT_DAYS)
    try:
        end = date.fromisoformat(request.args.get("to", ""))
    except ValueError:
        end = today
    return (datetime.combine(start, time.min, WIB),
            datetime.combine(end, time.min, WIB) + timedelta(days=1))


def _hours(values: list[float]) -> str:
    return f"{statistics.median(values):.1f}" if values else "-"


def compute() -> dict[str, Any]:
    operator = current_user
    catalog = runtime().catalog
    now = runtime().clock()
    start, end = _period()
    query = select(models.Report).where(models.Report.created_at >= start,
                                        models.Report.created_at < end,
                                        models.Report.status != "duplicate")
    if operator.role == "agency":
        query = query.where(models.Report.agency_code == operator.agency_code)
    reports = db_reader().scalars(query).all()
    ids = [r.id for r in reports]
    firsts: dict[int, dict[str, datetime]] = defaultdict(dict)
    for chunk in range(0, len(ids), 900):
        for event in db_reader().scalars(select(models.ReportEvent).where(
                models.ReportEvent.action == "status",
                models.ReportEvent.report_id.in_(ids[chunk:chunk + 900]))):
            marks = firsts[event.report_id]
            if event.from_status == "new":
                marks.setdefault("ack", event.at)
            if event.to_status == "resolved":
                marks.setdefault("resolved", event.at)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    channels: Counter[str] = Counter()
    weeks: Counter[str] = Counter()
    for report in reports:
        agency = catalog.agencies.get(report.agency_code or "")
        category = catalog.categories.get(report.category_code or "")
        key = (agency.short_name if agency else "Triase pusat kendali",
               category.name("id") if category else "Tanpa kategori")
        row = rows.setdefault(key, {"agency": key[0], "category": key[1], "received": 0,
                                    "open": 0, "overdue": 0, "ack": [], "resolve": []})
        row["received"] += 1
        if report.status in OPEN:
            row["open"] += 1
            due = report.acknowledge_by if report.status == "new" else report.resolve_by
            row["overdue"] += bool(due and due < now)
        marks = firsts.get(report.id, {})
        if "ack" in marks:
            row["ack"].append((marks["ack"] - report.created_at).total_seconds() / 3600)
        if "resolved" in marks:
            row["resolve"].append((marks["resolved"] - report.created_at).total_seconds() / 3600)
        channels[CHANNELS.get(report.channel, report.channel)] += 1
        year, week, _ = report.created_at.astimezone(WIB).isocalendar()
        weeks[f"{year}-W{week:02d}"] += 1
    table = sorted(rows.values(), key=lambda r: (-r["received"], r["agency"], r["category"]))
    for row in table:
        row["ack_hours"], row["resolve_hours"] = _hours(row.pop("ack")), _hours(row.pop("resolve"))
    by_agency: Counter[str] = Counter()
    for row in table:
        by_agency[row["agency"]] += row["received"]
    return {"start": start, "end": end - timedelta(days=1), "table": table,
            "total": len(reports), "channels": channels, "weeks": sorted(weeks.items()),
            "by_agency": by_agency.most_common(12)}


@bp.get("/stats")
@login_required
def statistics_page() -> str:
    figures = compute()
    return render_template(
        "stats.html", **figures,
        agency_chart=bar_chart("Laporan masuk per dinas", figures["by_agency"]),
        week_chart=column_chart("Laporan masuk per minggu", figures["weeks"][-12:]),
        channel_chart=bar_chart("Saluran", figures["channels"].most_common()),
    )


@bp.get("/stats.csv")
@login_required
def statistics_csv() -> Response:
    figures = compute()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["dinas", "kategori", "masuk", "terbuka", "lewat_batas",
                     "median_jam_tanggap", "median_jam_selesai"])
    for row in figures["table"]:
        writer.writerow([row["agency"], row["category"], row["received"], row["open"],
                         row["overdue"], row["ack_hours"], row["resolve_hours"]])
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=statistik-lapor.csv"})
