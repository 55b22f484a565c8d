"""Farmers and field officers on the pages.

Officers see the farmers of their own desa, add a farmer who agreed in person (consent channel
"officer"), and add or correct what the farmer gave: dusun, kelompok tani, land area, crops,
notes, and, only here, the NIK, always shown masked. The CSV of farmers leaves the NIK out except
for admins. Staff edit the roster: each desa's responsible officer and backup.
"""

from __future__ import annotations

import csv
import io
import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from farming.profiles import Registration
from gateway.farming import registration
from gateway.operators import actions
from gateway.operators.farming_access import desa_scope, farming_operator, staff_only
from gateway.operators.identity import signed_in
from gateway.request_scope import db_session, runtime
from gateway.store import farm_reference, farmers
from gateway.store.values import storable
from sms.numbers import mask_msisdn, normalize_msisdn

bp = Blueprint("farming_people", __name__, url_prefix="/farming")
NIK = re.compile(r"\d{16}")


def mask_nik(nik: str | None) -> str:
    """'3579012345678901' -> '3579********8901'."""
    return f"{nik[:4]}{'*' * 8}{nik[-4:]}" if nik else "-"


@bp.get("/farmers")
@signed_in
def farmer_list() -> str:
    """The farmers the operator may see."""
    operator = farming_operator()
    with runtime().db.reading() as connection:
        rows = farmers.in_desa(connection, desa_scope(operator))
    return render_template("farming/farmers.html", rows=rows, catalog=runtime().catalog,
                           farm=runtime().farm, mask=mask_msisdn, sees=operator.sees_numbers,
                           scope=desa_scope(operator))


@bp.get("/farmers.csv")
@signed_in
def farmer_csv() -> Response:
    """The farmers the operator may see, as CSV; the NIK column only for admins."""
    operator = farming_operator()
    with runtime().db.reading() as connection:
        rows = farmers.in_desa(connection, desa_scope(operator), limit=100000)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = ["nama", "nomor", "desa", "dusun", "kelompok_tani", "luas_ha", "komoditas",
              "persetujuan", "lewat"]
    writer.writerow([*header, "nik"] if operator.role == "admin" else header)
    for f in rows:
        line = [f.name, f.phone if operator.sees_numbers else mask_msisdn(f.phone),
                f.desa_code or "", f.dusun, f.group_name, f.land_area_ha or "",
                " ".join(f.commodities), f.consent_at.date().isoformat(), f.consent_channel]
        writer.writerow([*line, f.nik or ""] if operator.role == "admin" else line)
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=petani.csv"})


@bp.get("/farmers/<int:farmer_id>")
@signed_in
def farmer_page(farmer_id: int) -> str:
    """One farmer's profile and the form to complete it."""
    operator = farming_operator()
    with runtime().db.reading() as connection:
        found = farmers.by_id(connection, farmer_id)
    scope = desa_scope(operator)
    if found is None or (scope is not None and found.desa_code not in scope):
        abort(404)
    return render_template("farming/farmer.html", f=found, nik=mask_nik(found.nik),
                           catalog=runtime().catalog, farm=runtime().farm,
                           phone=found.phone if operator.sees_numbers else mask_msisdn(found.phone))


@bp.post("/farmers")
@bp.post("/farmers/<int:farmer_id>")
@signed_in
def save_farmer(farmer_id: int | None = None) -> Response:
    """Add a farmer who agreed in person, or change a profile's fields."""
    operator = farming_operator()
    rt = runtime()
    now = rt.clock()
    form = {k: storable(v, 500).strip() for k, v in request.form.items() if k != "csrf_token"}
    scope = desa_scope(operator)
    desa = form.get("desa_code") or None
    crops = tuple(c for c in request.form.getlist("commodity") if c in rt.farm.commodities)
    if desa is not None and (desa not in rt.catalog.areas or (scope is not None
                                                            and desa not in scope)):
        abort(403)
    if form.get("nik") and not NIK.fullmatch(form["nik"]):
        flash("NIK harus 16 angka.")
        return redirect(request.referrer or url_for("farming_people.farmer_list"))
    session = db_session()
    connection = session.connection()
    if farmer_id is None:
        phone = normalize_msisdn(form.get("phone"))
        if phone is None or form.get("consent") != "on":
            flash("Isi nomor HP petani dan centang persetujuan petani.")
            return redirect(url_for("farming_people.farmer_list"))
        farmer_id = registration.save(connection, phone, Registration(
            form.get("name", "")[:80], desa, crops, form.get("group_name", "")[:80]), "id",
            "officer", now, registered_by=operator.username)
    else:
        found = farmers.by_id(connection, farmer_id)
        if found is None or (scope is not None and found.desa_code not in scope):
            abort(404)
        farmers.set_commodities(connection, farmer_id, crops or found.commodities)
    values: dict[str, object] = {k: form[k][:80] for k in ("name", "dusun", "group_name")
                                 if k in form}
    values |= {"notes": form.get("notes", "")[:2000]} if "notes" in form else {}
    if desa:
        values["desa_code"] = desa
    if form.get("land_area_ha"):
        try:
            values["land_area_ha"] = round(float(form["land_area_ha"].replace(",", ".")), 3)
        except ValueError:
            flash("Luas lahan harus angka (hektare).")
    if form.get("nik"):
        values["nik"] = form["nik"]
    farmers.update_fields(connection, farmer_id, values, now)
    detail = {k: ("(diubah)" if k == "nik" else str(v)[:80]) for k, v in values.items()}
    actions.audit(connection, operator, "farmer_saved", str(farmer_id),
                  request.remote_addr or "", now, {**detail, "commodities": list(crops)})
    session.commit()
    flash("Tersimpan.")
    return redirect(url_for("farming_people.farmer_page", farmer_id=farmer_id))


@bp.get("/officers")
@signed_in
def officer_list() -> str:
    """The roster: officers and coordinators, and each desa's officer and backup."""
    staff_only()
    with runtime().db.reading() as connection:
        people = farm_reference.officers(connection)
        areas = farm_reference.areas(connection)
    return render_template("farming/officers.html", people=people, areas=areas,
                           catalog=runtime().catalog)


@bp.post("/officers")
@signed_in
def save_roster() -> Response:
    """Change who is responsible for each desa, and who backs them up."""
    operator = staff_only()
    rt = runtime()
    now = rt.clock()
    session = db_session()
    connection = session.connection()
    codes = {p.code for p in farm_reference.officers(connection) if p.kind == "officer"}
    changed = {}
    for desa, area in rt.catalog.areas.items():
        if area.level == "kecamatan":
            continue
        officer, backup = request.form.get(f"officer_{desa}"), request.form.get(f"backup_{desa}")
        if officer not in codes or (backup and backup not in codes) or backup == officer:
            continue
        farm_reference.assign_desa(connection, desa, officer, backup or None)
        changed[desa] = f"{officer}/{backup or '-'}"
    actions.audit(connection, operator, "roster_saved", f"{len(changed)} desa",
                  request.remote_addr or "", now, changed)
    session.commit()
    flash("Tersimpan.")
    return redirect(url_for("farming_people.officer_list"))
