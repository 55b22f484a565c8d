"""Market prices: staff enter a price per commodity, market and day, or import a CSV of
`commodity,market,unit,price,date` (commodity and market by code or name, tolerantly); every
entry and import is audited. A second price for the same commodity, market and day replaces it.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from farming.catalog import FarmingCatalog
from farming.names import find_commodity
from farming.prices import PricePoint, read_offer
from gateway.operators import actions
from gateway.operators.farming_access import staff_only
from gateway.operators.i18n import said
from gateway.operators.identity import signed_in
from gateway.request_scope import db_session, runtime
from gateway.store import farm_reference
from gateway.store.values import storable

CSV_COLUMNS = ("commodity", "market", "unit", "price", "date")
bp = Blueprint("farming_prices", __name__, url_prefix="/farming/prices")
MAX_ROWS = 5000


def _market(farm: FarmingCatalog, text: str) -> str | None:
    text = text.strip().lower()
    return next((m.code for m in farm.markets.values()
                 if text in (m.code, m.name.lower())), None)


def read_row(farm: FarmingCatalog, row: dict[str, str], line: str) -> PricePoint | str:
    """One entered price, or the reason it is refused (naming the line and the value)."""
    commodity = find_commodity(farm, row.get("commodity", ""))
    if commodity is None:
        return said("{line}: komoditas {value} tidak dikenal", line=line,
                    value=repr(row.get("commodity", "")))
    market = _market(farm, row.get("market", "")) or (
        farm.default_market.code if not row.get("market", "").strip() else None)
    if market is None:
        return said("{line}: pasar {value} tidak dikenal", line=line,
                    value=repr(row.get("market", "")))
    price = read_offer(row.get("price", ""))
    if price is None:
        return said("{line}: harga {value} tidak dapat dibaca", line=line,
                    value=repr(row.get("price", "")))
    try:
        day = date.fromisoformat(row.get("date", "").strip())
    except ValueError:
        return said("{line}: tanggal {value} tidak dapat dibaca (tulis YYYY-MM-DD)", line=line,
                    value=repr(row.get("date", "")))
    unit = row.get("unit", "").strip() or farm.commodities[commodity].unit
    return PricePoint(commodity, market, unit[:12], price, day)


@bp.get("")
@signed_in
def prices_page() -> str:
    """The entry form, the CSV import and the latest prices."""
    staff_only()
    with runtime().db.reading() as connection:
        recent = farm_reference.recent_prices(connection)
    return render_template("farming/prices.html", recent=recent, farm=runtime().farm,
                           today=runtime().clock().date(), columns=", ".join(CSV_COLUMNS))


@bp.post("")
@signed_in
def enter_prices() -> Response:
    """Keep one price from the form, or every row of an uploaded CSV (all or nothing)."""
    operator = staff_only()
    rt = runtime()
    now = rt.clock()
    upload = request.files.get("csv")
    rows: list[tuple[str, dict[str, str]]] = []
    if upload is not None and upload.filename:
        text = upload.read(2 * 1024 * 1024).decode("utf-8-sig", "replace")
        reader = csv.DictReader(io.StringIO(text))
        rows = [(f"baris {n}", {k.strip().lower(): storable(v or "", 100)
                                for k, v in r.items() if k})
                for n, r in enumerate(reader, 2)][:MAX_ROWS]
    else:
        rows = [("formulir", {k: storable(v, 100) for k, v in request.form.items()})]
    points: list[PricePoint] = []
    problems: list[str] = []
    for line, row in rows:
        read = read_row(rt.farm, row, line)
        if isinstance(read, str):
            problems.append(read)
        else:
            points.append(read)
    if problems or not points:
        for problem in problems[:20] or ["Tidak ada harga yang dibaca."]:
            flash(str(problem))
        return redirect(url_for("farming_prices.prices_page"))
    session = db_session()
    connection = session.connection()
    for point in points:
        farm_reference.record_price(connection, point, operator.username, now)
    actions.audit(connection, operator, "prices_entered", f"{len(points)} harga",
                  request.remote_addr or "", now,
                  {"rows": len(points), "csv": bool(upload and upload.filename)})
    session.commit()
    flash(said("{n} harga tersimpan.", n=len(points)))
    return redirect(url_for("farming_prices.prices_page"))
