"""The citizens' web page: the form files a report on channel `web` through the same service
as every channel; the status page shows only the public history; bad input is answered on the
form with what was typed kept; a honeypot and a rate limit per address keep bots out."""

from __future__ import annotations

import io
import re
from pathlib import Path

from sqlalchemy import select

from gateway.store import models
from sms.replies import reply
from tests import factories

PHONE = "+6281234500360"


def token(client, path: str = "/lapor") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def send(client, **form: str):
    return client.post("/lapor", data={"csrf_token": token(client), "lang": "id", **form})


def test_the_form_files_a_routed_report_and_texts_its_ticket(client, db_session):
    page = client.get("/lapor").get_data(as_text=True)
    assert "Lapor ke Pemkot Batu" in page
    # One script of our own, only for "use my location"; the form needs none.
    assert page.count("<script") == 1 and 'src="/lapor/static/lokasi.js" defer' in page
    assert 'value="jalan"' in page and 'value="tanya_tani"' not in page
    assert "Kec. Bumiaji" in page and ">Punten<" in page
    answer = send(client, category="", place="35.79.02.2001",
                  text="Lampu jalan mati sudah seminggu di depan balai desa",
                  phone="0812 3450 0360")
    assert answer.status_code == 302
    ticket = re.search(r"/lapor/(\d+)", answer.headers["Location"]).group(1)
    report = db_session.scalar(select(models.Report).where(models.Report.ticket == ticket))
    assert (report.channel, report.reporter, report.area_code) == ("web", PHONE,
                                                                   "35.79.02.2001")
    assert report.agency_code is not None  # routed by its words
    sent = [i.payload["body"] for i in db_session.scalars(select(models.OutboxItem))
            if i.payload["to"] == PHONE]
    assert sent == [reply("received", "id", ticket=ticket)]
    status = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert f"Nomor tiket {ticket}" in status and "laporan Anda sudah kami terima" in status


def test_the_status_page_shows_the_public_history_only(client, database, catalog, clock,
                                                       make_operators):
    factories.report(database, catalog, clock(), "web", PHONE, category_code="jalan",
                     area_code="35.79.02.2001", text="aspal ambles dekat rumah Bu Sri")
    with database.readers() as session:
        report = session.scalar(select(models.Report))
    factories.set_status(database, catalog, report.id, "in_progress", "operator:budi.pupr",
                         clock(), reason="tim berangkat besok pagi")
    page = client.get(f"/lapor/{report.ticket}").get_data(as_text=True)
    assert "Sedang dikerjakan" in page and "Dinas Pekerjaan Umum dan Penataan Ruang" in page
    assert "Laporan diterima" in page
    for private in ("budi", PHONE, "0812", "Bu Sri", "tim berangkat"):
        assert private not in page
    english = client.get(f"/lapor/{report.ticket}?lang=en").get_data(as_text=True)
    assert "Being worked on" in english and 'lang="en"' in english
    javanese = client.get(f"/lapor/{report.ticket}?lang=jv").get_data(as_text=True)
    assert "Saweg dipungarap" in javanese
    missing = client.get("/lapor/999999999")
    assert missing.status_code == 404 and "tidak ditemukan" in missing.get_data(as_text=True)
    assert client.get(f"/lapor/cek?ticket=+{report.ticket} ").headers["Location"].endswith(
        f"/lapor/{report.ticket}?lang=id")


def test_bad_input_is_answered_on_the_form_and_nothing_typed_is_lost(client, db_session):
    short = send(client, text="rusak", phone="0812")
    body = short.get_data(as_text=True)
    assert short.status_code == 400 and "minimal 10 huruf" in body and 'value="0812"' in body
    phone = send(client, text="sampah menumpuk di pinggir jalan", phone="12ab")
    assert phone.status_code == 400 and "Nomor HP belum benar" in phone.get_data(as_text=True)
    assert "sampah menumpuk di pinggir jalan" in phone.get_data(as_text=True)
    assert send(client, category="naga", text="sampah menumpuk di jalan").status_code == 400
    no_token = client.post("/lapor", data={"text": "sampah menumpuk di jalan"})
    assert no_token.status_code == 400  # CSRF
    assert db_session.scalars(select(models.Report)).all() == []


def test_a_honeypot_and_a_limit_per_address_keep_bots_out(client, db_session):
    bot = send(client, text="sampah menumpuk di pinggir jalan", website="http://spam.example")
    assert bot.status_code == 400
    assert db_session.scalars(select(models.Report)).all() == []
    codes = [send(client, text=f"sampah menumpuk di pinggir jalan nomor {n}").status_code
             for n in range(11)]
    assert codes[:10] == [302] * 10 and codes[10] == 429
    assert "Terlalu banyak laporan" in send(client, text="sampah lagi di jalan").get_data(
        as_text=True)


def photo_with_location() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (640, 480), (120, 90, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "S", 2: (7.0, 52.0, 12.0), 3: "E", 4: (112.0, 31.0, 40.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert b"PhoneMaker" in out.getvalue()
    return out.getvalue()


def test_a_photo_is_kept_without_its_location_and_a_fake_one_is_refused(
        client, db_session, settings_env):
    from PIL import Image

    answer = client.post("/lapor", data={
        "csrf_token": token(client), "lang": "id", "text": "jalan berlubang besar di Punten",
        "photo": (io.BytesIO(photo_with_location()), "IMG_0001.jpg")},
        content_type="multipart/form-data")
    assert answer.status_code == 302
    report = db_session.scalar(select(models.Report))
    (event,) = [e for e in report.events if e.action == "photo"]
    stored = Path(event.detail["path"])
    assert stored.is_relative_to(Path(settings_env["INSTANCE_DIR"]))
    data = stored.read_bytes()
    assert b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as kept:
        assert kept.format == "JPEG" and kept.size == (640, 480) and not kept.getexif()
    fake = client.post("/lapor", data={
        "csrf_token": token(client), "lang": "id", "text": "jalan berlubang besar di Punten",
        "photo": (io.BytesIO(b"#!/bin/sh\necho hi\n"), "foto.jpg")},
        content_type="multipart/form-data")
    assert fake.status_code == 400 and "Foto tidak dapat kami terima" in fake.get_data(
        as_text=True)
    assert len(db_session.scalars(select(models.Report)).all()) == 1
