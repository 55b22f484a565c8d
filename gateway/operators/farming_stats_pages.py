"""The farmers' line in figures, per desa and commodity: farmers registered, questions and the
median hours to answer them per officer, advice items played (and heard to the end), alerts and
their delivery. As SVG charts and CSV, like the reports' statistics. Officers see their desa.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from typing import Any

from flask import Blueprint, render_template
from werkzeug.wrappers import Response

from gateway.operators.charts import bar_chart
from gateway.operators.farming_access import desa_scope, farming_operator
from gateway.operators.identity import signed_in
from gateway.request_scope import runtime
from gateway.store import advice, farm_alerts, farm_questions, farmers

bp = Blueprint("farming_stats", __name__, url_prefix="/farming")


def compute() -> dict[str, Any]:
    """Every figure of the page, within the operator's desa."""
    rt = runtime()
    scope = desa_scope(farming_operator())

    def inside(desa: str | None) -> bool:
        return scope is None or desa in scope
    with rt.db.reading() as connection:
        registered = [r for r in farmers.registered_by_desa_commodity(connection)
                      if inside(r[0])]
        hours = [r for r in farm_questions.answer_hours(connection) if inside(r[1])]
        asked = [q for q in farm_questions.listed(connection, scope, None, limit=100000)]
        items = advice.all_items(connection)
        sent = farm_alerts.recent(connection, limit=200) if scope is None else []

    def desa_name(code: str | None) -> str:
        return rt.catalog.areas[code].name if code and code in rt.catalog.areas else "-"

    per_desa: Counter[str] = Counter()
    table = []
    for desa, crop, count in sorted(registered, key=lambda r: (desa_name(r[0]), r[1])):
        per_desa[desa_name(desa)] += count
        table.append({"desa": desa_name(desa), "commodity": crop, "farmers": count})
    by_officer: dict[str, list[float]] = defaultdict(list)
    for officer, _desa, taken in hours:
        by_officer[officer or "-"].append(taken)
    officers = [{"officer": name, "answered": len(values),
                 "median_hours": round(statistics.median(values), 1)}
                for name, values in sorted(by_officer.items())]
    questions_per_desa = Counter(desa_name(q.desa_code) for q in asked)
    played = [(f"{i.commodity}: {i.texts.get('id', ('', '', None))[0][:20]}", i.plays)
              for i in sorted(items, key=lambda i: -i.plays)[:12]]
    return {"table": table, "officers": officers, "items": items, "alerts": sent,
            "farmers_chart": bar_chart("Petani terdaftar per desa", per_desa.most_common(12)),
            "questions_chart": bar_chart("Pertanyaan per desa",
                                         questions_per_desa.most_common(12)),
            "plays_chart": bar_chart("Saran paling sering diputar", played),
            "asked": len(asked), "commodities": rt.farm.commodities}


@bp.get("/stats")
@signed_in
def stats_page() -> str:
    """The farmers' line's statistics page."""
    return render_template("farming/stats.html", **compute())


@bp.get("/stats.csv")
@signed_in
def stats_csv() -> Response:
    """The page's tables as one CSV: farmers per desa and commodity, officers' answer times,
    plays per item, alerts with their delivery."""
    figures = compute()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["tabel", "kunci", "nilai1", "nilai2", "nilai3", "nilai4"])
    for row in figures["table"]:
        writer.writerow(["petani", f"{row['desa']} / {row['commodity']}", row["farmers"]])
    for row in figures["officers"]:
        writer.writerow(["penyuluh", row["officer"], row["answered"], row["median_hours"]])
    for item in figures["items"]:
        writer.writerow(["saran", item.code, item.plays, item.completions])
    for alert in figures["alerts"]:
        d = alert.delivery
        writer.writerow([f"peringatan {alert.id}", alert.kind, d["queued"], d["sent"],
                         d["delivered"], d["failed"]])
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=statistik-tani.csv"})
