""""Use my location" on the citizens' page: the phone's coordinates name the desa from the
city's boundary file (no map service), on the form in real Chromium with a phone's
geolocation, and on submission when the script could not fill the choice in."""

from __future__ import annotations

import re

from sqlalchemy import select

from gateway.store import models
from tests.gateway.operators.test_browser import ARTIFACTS, pytestmark  # noqa: F401
from tests.servers import lapor_run

PUNTEN = (-7.82968, 112.52187)  # the centroid of Desa Punten in the boundary file
MALANG = (-7.9666, 112.6326)  # Kota Malang, outside Kota Batu


def test_the_nearest_desa_is_named_in_the_page_language(client):
    found = client.get(f"/lapor/desa-terdekat?lang=id&lat={PUNTEN[0]}&lon={PUNTEN[1]}")
    assert found.status_code == 200
    assert found.json == {"code": "35.79.02.2001", "name": "Punten",
                          "message": "Lokasi Anda: Punten, Kec. Bumiaji. Periksa lagi "
                                     "pilihan di atas."}
    outside = client.get(f"/lapor/desa-terdekat?lang=en&lat={MALANG[0]}&lon={MALANG[1]}")
    assert outside.status_code == 404
    assert outside.json["message"].startswith("You seem to be outside Kota Batu")
    for bad in ("lat=x&lon=1", "lat=nan&lon=112.5", "lat=-7.8", ""):
        assert client.get(f"/lapor/desa-terdekat?{bad}").status_code == 404


def test_coordinates_sent_with_the_form_fill_in_the_desa(client, db_session):
    page = client.get("/lapor").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post("/lapor", data={
        "csrf_token": csrf, "lang": "id", "category": "sampah", "place": "",
        "lat": str(PUNTEN[0]), "lon": str(PUNTEN[1]),
        "text": "Sampah menumpuk di tepi jalan dekat balai desa"})
    assert answer.status_code == 302
    report = db_session.scalar(select(models.Report))
    assert report.area_code == "35.79.02.2001"
    # A desa the citizen chose wins over the coordinates.
    answer = client.post("/lapor", data={
        "csrf_token": csrf, "lang": "id", "category": "sampah", "place": "35.79.03.2004",
        "lat": str(PUNTEN[0]), "lon": str(PUNTEN[1]),
        "text": "Sampah dibuang sembarangan di tepi sungai Tlekung"})
    db_session.rollback()
    assert db_session.scalars(select(models.Report.area_code).order_by(
        models.Report.id)).all() == ["35.79.02.2001", "35.79.03.2004"]


def test_use_my_location_on_a_phone_sized_browser(browser, settings_env, tmp_path, database):
    with lapor_run(settings_env, tmp_path) as (port, _env):
        site = f"http://127.0.0.1:{port}"
        phone = browser.new_context(
            viewport={"width": 360, "height": 640}, permissions=["geolocation"],
            geolocation={"latitude": PUNTEN[0], "longitude": PUNTEN[1], "accuracy": 20})
        page = phone.new_page()
        page.goto(f"{site}/lapor")
        page.get_by_role("button", name="Pakai lokasi saya").click()
        page.get_by_text("Lokasi Anda: Punten, Kec. Bumiaji").wait_for()
        assert page.get_by_label("Desa atau kelurahan").input_value() == "35.79.02.2001"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "citizen-location-360.png"), full_page=True)
        page.get_by_label("Ceritakan masalahnya").fill("Jalan berlubang besar di depan "
                                                       "sekolah, bahaya untuk motor")
        page.get_by_role("button", name="Kirim laporan").click()
        assert "laporan Anda sudah kami terima" in page.content()

        far = browser.new_context(
            viewport={"width": 360, "height": 640}, permissions=["geolocation"],
            geolocation={"latitude": MALANG[0], "longitude": MALANG[1]}).new_page()
        far.goto(f"{site}/lapor")
        far.get_by_role("button", name="Pakai lokasi saya").click()
        far.get_by_text("Lokasi Anda di luar Kota Batu").wait_for()
        assert far.get_by_label("Desa atau kelurahan").input_value() == ""

        blocked = browser.new_context(viewport={"width": 360, "height": 640}).new_page()
        blocked.goto(f"{site}/lapor")
        blocked.get_by_role("button", name="Pakai lokasi saya").click()
        blocked.get_by_text("Lokasi Anda tidak dapat dibaca").wait_for()

        no_script = browser.new_context(java_script_enabled=False).new_page()
        no_script.goto(f"{site}/lapor")
        assert not no_script.get_by_role("button", name="Pakai lokasi saya").is_visible()
    with database.readers() as session:
        report = session.scalar(select(models.Report))
        assert (report.channel, report.area_code) == ("web", "35.79.02.2001")
