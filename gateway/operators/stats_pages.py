"""Statistics for leaders and agencies: per agency and category, received, open, overdue, median
times to acknowledge and to resolve, channel mix and a weekly trend, with SVG charts and CSV.

Viewers, admins and the command center see every agency; an agency operator sees their own.
Counts come from SQL aggregation; medians from the status history of the period's reports.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime, time, timedelta
from typing import Any

from flask import Blueprint, Response, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import and_, case, func, or_, select

from gateway.context import db_reader, runtime
from gateway.operators.charts import bar_chart, column_chart
from gateway.operators.queue_pages import CHANNELS, WIB, parse_day
from gateway.store import models

bp = Blueprint("stats", __name__)
OPEN = ("new", "verified", "forwarded", "in_progress")
DEFAULT_DAYS = 90


def _period() -> tuple[datetime, datetime]:
    today = runtime().clock().astimezone(WIB).date()
    start = parse_day(request.args.get("from", "")) or today - timedelta(days=DEFAULT_DAYS)
    end = parse_day(request.args.get("to", "")) or today
    return (datetime.combine(start, time.min, WIB),
            datetime.combine(end, time.min, WIB) + timedelta(days=1))


def _hours(values: list[float]) -> str:
    return f"{statistics.median(values):.1f}" if values else "-"


def _scope(query: Any, start: datetime, end: datetime) -> Any:
    """The period's reports (duplicates count once, with their open report) this operator sees."""
    query = query.where(models.Report.created_at >= start, models.Report.created_at < end,
                        models.Report.status != "duplicate")
    if current_user.role == "agency":
        query = query.where(models.Report.agency_code == current_user.agency_code)
    return query


def _durations(start: datetime, end: datetime, first_event: Any) -> dict[tuple[Any, Any],
                                                                          list[float]]:
    """Hours from arrival to the first status event matching `first_event`, per group."""
    first = (select(models.ReportEvent.report_id, func.min(models.ReportEvent.at).label("at"))
             .where(models.ReportEvent.action == "status", first_event)
             .group_by(models.ReportEvent.report_id).subquery())
    rows = db_reader().execute(_scope(
        select(models.Report.agency_code, models.Report.category_code,
               models.Report.created_at, first.c.at)
        .join(first, first.c.report_id == models.Report.id), start, end))
    found: dict[tuple[Any, Any], list[float]] = defaultdict(list)
    for agency, category, created, at in rows:
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        created = created if created.tzinfo else created.replace(tzinfo=UTC)
        found[(agency, category)].append((at - created).total_seconds() / 3600)
    return found


def compute() -> dict[str, Any]:
    """Counts by SQL aggregation; medians and weeks from light tuples, never ORM objects, so a
    quarter with a hundred thousand reports stays quick."""
    catalog = runtime().catalog
    now = runtime().clock()
    start, end = _period()
    report = models.Report
    is_open = report.status.in_(OPEN)
    overdue = and_(is_open, or_(and_(report.status == "new", report.acknowledge_by < now),
                                and_(report.status != "new", report.resolve_by < now)))
    groups = db_reader().execute(_scope(
        select(report.agency_code, report.category_code, func.count(),
               func.sum(case((is_open, 1), else_=0)), func.sum(case((overdue, 1), else_=0)))
        .group_by(report.agency_code, report.category_code), start, end)).all()
    ack = _durations(start, end, models.ReportEvent.from_status == "new")
    resolve = _durations(start, end, models.ReportEvent.to_status == "resolved")
    table = []
    for agency_code, category_code, received, still_open, late in groups:
        agency = catalog.agencies.get(agency_code or "")
        category = catalog.categories.get(category_code or "")
        table.append({
            "agency": agency.short_name if agency else "Triase pusat kendali",
            "category": category.name("id") if category else "Tanpa kategori",
            "received": received, "open": int(still_open or 0), "overdue": int(late or 0),
            "ack_hours": _hours(ack.get((agency_code, category_code), [])),
            "resolve_hours": _hours(resolve.get((agency_code, category_code), [])),
        })
    table.sort(key=lambda r: (-r["received"], r["agency"], r["category"]))
    channels: Counter[str] = Counter({
        CHANNELS.get(channel, channel): count for channel, count in db_reader().execute(
            _scope(select(report.channel, func.count()).group_by(report.channel), start, end))
    })
    weeks: Counter[str] = Counter()
    for (created,) in db_reader().execute(_scope(select(report.created_at), start, end)):
        created = created if created.tzinfo else created.replace(tzinfo=UTC)
        year, week, _ = created.astimezone(WIB).isocalendar()
        weeks[f"{year}-W{week:02d}"] += 1
    by_agency: Counter[str] = Counter()
    for row in table:
        by_agency[row["agency"]] += row["received"]
    return {"start": start, "end": end - timedelta(days=1), "table": table,
            "total": sum(r["received"] for r in table), "channels": channels,
            "weeks": sorted(weeks.items()), "by_agency": by_agency.most_common(12)}


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
