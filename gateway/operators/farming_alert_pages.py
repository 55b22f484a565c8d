"""Alerts to farmers: staff choose desa and commodities, see how many farmers that reaches,
write the text (and optionally pick an advice item to play in a call), and send; the page lists
each alert's delivery (queued, sent, delivered, failed). A flag of the early warning opens this
page with its desa, crop and a drafted text.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from gateway.farming import alerts
from gateway.operators import actions
from gateway.operators.farming_access import staff_only
from gateway.operators.i18n import said
from gateway.operators.identity import signed_in
from gateway.request_scope import db_session, runtime
from gateway.store import advice, farm_alerts
from gateway.store.values import storable
from sms.segments import count_segments

bp = Blueprint("farming_alerts", __name__, url_prefix="/farming/alerts")
MAX_PARTS = 2


def _chosen(values: MultiDict[str, str]) -> tuple[list[str], list[str]]:
    rt = runtime()
    desa = [d for d in values.getlist("desa") if d in rt.catalog.areas]
    crops = [c for c in values.getlist("commodity") if c in rt.farm.commodities]
    return desa, crops


def _draft(pest: str, desa: list[str], crops: list[str]) -> str:
    rt = runtime()
    if pest not in rt.farm.pests:
        return ""
    place = ", ".join(rt.catalog.areas[d].name for d in desa) or "Kota Batu"
    crop = ", ".join(rt.farm.commodities[c].name("id") for c in crops) or "tanaman"
    return (f"Lapor Tani: waspada {rt.farm.pests[pest].name('id')} pada {crop} di {place}. "
            "Periksa tanaman Anda dan tanyakan ke penyuluh desa: TANYA <pertanyaan>.")


@bp.get("")
@signed_in
def alerts_page() -> str:
    """The composer (with the audience of the chosen desa and crops) and the recent alerts."""
    staff_only()
    rt = runtime()
    desa, crops = _chosen(request.args)
    text = storable(request.args.get("text", ""), 1000) or _draft(
        request.args.get("pest", ""), desa, crops)
    with rt.db.reading() as connection:
        size = alerts.audience_size(connection, desa, crops)
        recent = farm_alerts.recent(connection)
        items = advice.all_items(connection)
    return render_template("farming/alerts.html", desa=desa, crops=crops, text=text,
                           kind=request.args.get("kind", "pest"), size=size, recent=recent,
                           items=items, kinds=alerts.KINDS, catalog=rt.catalog, farm=rt.farm)


@bp.post("")
@signed_in
def send_alert() -> Response:
    """Send the alert to the farmers the chosen desa and crops reach."""
    operator = staff_only()
    rt = runtime()
    desa, crops = _chosen(request.form)
    text = " ".join(storable(request.form.get("text", ""), 1000).split())
    kind = request.form.get("kind", "other")
    item = request.form.get("voice_item", "")
    problems = []
    if not text:
        problems.append("Tulis isi peringatan.")
    elif count_segments(text).count > MAX_PARTS:
        problems.append("Peringatan terlalu panjang: paling banyak 2 SMS.")
    if kind not in alerts.KINDS:
        problems.append("Pilih jenis peringatan.")
    if problems:
        for problem in problems:
            flash(problem)
        return redirect(url_for("farming_alerts.alerts_page", desa=desa, commodity=crops,
                                text=text, kind=kind))
    session = db_session()
    connection = session.connection()
    now = rt.clock()
    alert_id, reached = alerts.send(connection, rt.settings, kind, text, desa, crops,
                                    int(item) if item.isdigit() else None, operator.username, now)
    actions.audit(connection, operator, "alert_sent", str(alert_id), request.remote_addr or "",
                  now, {"farmers": reached, "desa": desa, "commodities": crops,
                        "voice_item": item})
    session.commit()
    flash(said("Peringatan dikirim ke {n} petani.", n=reached))
    return redirect(url_for("farming_alerts.alerts_page"))
