"""Statistics for leaders and agencies: per agency and category, received, open, overdue, median
times to acknowledge and to resolve, channel mix and a weekly trend, with SVG charts and CSV.

Viewers, admins and the command center see every agency; an agency operator sees their own.
Counts come from SQL aggregation; medians from the status history of the period's reports.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any, TypedDict

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from gateway.operators.charts import bar_chart, column_chart
from gateway.operators.formats import week
from gateway.operators.i18n import page_language, translate
from gateway.operators.identity import signed_in
from gateway.operators.queue_pages import CHANNELS, WIB, parse_day
from gateway.request_scope import db_reader, runtime
from gateway.store import statistics as statistics_store

bp = Blueprint("stats", __name__)
DEFAULT_DAYS = 90


def _period() -> tuple[datetime, datetime]:
    today = runtime().clock().astimezone(WIB).date()
    start = parse_day(request.args.get("from", "")) or today - timedelta(days=DEFAULT_DAYS)
    end = parse_day(request.args.get("to", "")) or today
    return (datetime.combine(start, time.min, WIB),
            datetime.combine(end, time.min, WIB) + timedelta(days=1))


class Row(TypedDict):
    """One line of the table: an agency and category's figures for the period."""

    agency: str
    category: str
    received: int
    open: int
    overdue: int
    ack_hours: float | None
    resolve_hours: float | None


def _hours(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _csv_hours(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "-"


def compute() -> dict[str, Any]:
    """The period's figures for this operator, ready for the page and the CSV."""
    catalog, session = runtime().catalog, db_reader()
    start, end = _period()
    agency = current_user.agency_code if current_user.role == "agency" else None
    groups = statistics_store.groups(session, start, end, agency, runtime().clock())
    ack = statistics_store.hours_until(session, start, end, agency, "acknowledged")
    resolve = statistics_store.hours_until(session, start, end, agency, "resolved")
    table: list[Row] = []
    for agency_code, category_code, received, still_open, late in groups:
        found = catalog.agencies.get(agency_code or "")
        category = catalog.categories.get(category_code or "")
        table.append({
            "agency": found.short_name if found else translate("Triase pusat kendali"),
            "category": category.name(page_language()) if category
            else translate("Tanpa kategori"),
            "received": received, "open": still_open, "overdue": late,
            "ack_hours": _hours(ack.get((agency_code, category_code), [])),
            "resolve_hours": _hours(resolve.get((agency_code, category_code), [])),
        })
    table.sort(key=lambda r: (-r["received"], r["agency"], r["category"]))
    channels: Counter[str] = Counter({
        CHANNELS.get(channel, channel): count
        for channel, count in statistics_store.channels(session, start, end, agency)})
    weeks: Counter[date] = Counter()
    for created in statistics_store.arrivals(session, start, end, agency):
        day = created.astimezone(WIB).date()
        weeks[day - timedelta(days=day.weekday())] += 1  # by the week's Monday
    by_agency: Counter[str] = Counter()
    for row in table:
        by_agency[row["agency"]] += row["received"]
    overruled = [
        {"agency": catalog.agencies[a].short_name if a is not None and a in catalog.agencies
         else translate("Triase pusat kendali"), "routed": n, "overruled": o,
         "share": o / n if n else 0.0}
        for a, n, o in statistics_store.overrules(session, start, end, agency)]
    return {"start": start, "end": end - timedelta(days=1), "table": table,
            "overruled": overruled,
            "total": sum(r["received"] for r in table), "channels": channels,
            "weeks": sorted(weeks.items()), "by_agency": by_agency.most_common(12)}


@bp.get("/stats")
@signed_in
def statistics_page() -> str:
    """The statistics page for the period in the query string."""
    figures = compute()
    return render_template(
        "stats.html", **figures,
        agency_chart=bar_chart(translate("Laporan masuk per dinas"), figures["by_agency"]),
        week_chart=column_chart(translate("Laporan masuk per minggu"),
                                [(week(monday), n) for monday, n in figures["weeks"][-12:]]),
        channel_chart=bar_chart(translate("Saluran"),
                                [(translate(c), n) for c, n in figures["channels"].most_common()]),
    )


@bp.get("/stats.csv")
@signed_in
def statistics_csv() -> Response:
    """The statistics table of the period as a CSV download."""
    figures = compute()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["dinas", "kategori", "masuk", "terbuka", "lewat_batas",
                     "median_jam_tanggap", "median_jam_selesai"])
    for row in figures["table"]:
        writer.writerow([row["agency"], row["category"], row["received"], row["open"],
                         row["overdue"], _csv_hours(row["ack_hours"]),
                         _csv_hours(row["resolve_hours"])])
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=statistik-lapor.csv"})
