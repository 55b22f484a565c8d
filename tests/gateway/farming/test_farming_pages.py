"""The farmers' line's pages with a test client: each officer sees only their own desa's
questions and farmers, answers them; staff edit the library, enter prices, send alerts with their
audience counted first, and edit the roster; NIK is masked and kept out of CSV except for admins;
every action is audited."""

from __future__ import annotations

import io
import re
import wave

import pytest
from sqlalchemy import select

from farming.replies import farm_reply
from gateway.store import models
from tests.gateway.texting.test_sms import outbox, reports
from tests.pages import login

FARMER = "+6281299990003"
OTHER = "+6281299990004"


@pytest.fixture
def people(make_operators):
    make_operators("ppl04:officer:ppl_04", "ppl08:officer:ppl_08", "tani:agency:PERTANIAN",
                   "pupr:agency:PUPR", "admin:admin", "pusdalops:command-center")


def token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def registered_question(text, db_session, phone=FARMER, desa="Punten"):
    text(f"DAFTAR Sutrisno, {desa}, kentang", phone)
    text("ya", phone)
    text("TANYA daun kentang saya menghitam dan busuk", phone)
    return [r for r in reports(db_session) if r.kind == "question"][-1]


def wav(seconds: float) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(8000)
        w.writeframes(b"\0\0" * int(8000 * seconds))
    return out.getvalue()


def test_an_officer_sees_and_answers_only_their_own_desa(client, people, text, db_session):
    mine = registered_question(text, db_session)
    theirs = registered_question(text, db_session, OTHER, "Beji")  # ppl_08's desa
    login(client, "ppl04")
    assert client.get("/queue").status_code == 403  # officers do not work the reports' queue
    listing = client.get("/farming/questions").get_data(as_text=True)
    assert mine.ticket in listing and theirs.ticket not in listing
    assert client.get(f"/farming/questions/{theirs.ticket}").status_code == 404
    page = f"/farming/questions/{mine.ticket}"
    answered = client.post(f"{page}/answer", data={
        "csrf_token": token(client, page),
        "answer": "Cabut tanaman yang parah dan semprot fungisida saat hujan."})
    assert answered.status_code == 302
    assert outbox(db_session, FARMER)[-2].startswith(f"Jawaban penyuluh untuk tiket {mine.ticket}")
    assert outbox(db_session, FARMER)[-1] == farm_reply("helpful_ask", "id")
    audit = db_session.scalars(select(models.AuditEntry).where(
        models.AuditEntry.action == "question_answer")).one()
    assert (audit.operator, audit.target) == ("ppl04", mine.ticket)


def test_an_answer_may_be_a_recording_checked_for_type_and_length(client, people, text,
                                                                  db_session):
    mine = registered_question(text, db_session)
    login(client, "ppl04")
    page = f"/farming/questions/{mine.ticket}"
    refused = client.post(f"{page}/answer", data={
        "csrf_token": token(client, page), "answer": "",
        "recording": (io.BytesIO(b"not audio at all"), "jawaban.wav")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "Jenis berkas tidak didukung" in refused.get_data(as_text=True)
    too_long = client.post(f"{page}/answer", data={
        "csrf_token": token(client, page), "answer": "",
        "recording": (io.BytesIO(wav(200)), "jawaban.wav")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "paling lama 180 detik" in too_long.get_data(as_text=True)
    client.post(f"{page}/answer", data={
        "csrf_token": token(client, page), "answer": "",
        "recording": (io.BytesIO(wav(3)), "jawaban.wav")}, content_type="multipart/form-data")
    db_session.rollback()
    row = db_session.get(models.FarmQuestion, mine.id)
    assert row.answer_audio_path and row.answer_audio_path.endswith(".wav")
    name = row.answer_audio_path.rsplit("/", 1)[-1]
    played = client.get(f"/farming/audio/answer/{name}")
    assert played.data[:4] == b"RIFF"
    played.close()
    assert outbox(db_session, FARMER)[-2] == farm_reply("answer_ready", "id", ticket=mine.ticket)


def test_staff_edit_the_library_and_it_is_heard_at_once(client, people, db_session):
    login(client, "tani")
    page = "/farming/library/new"
    saved = client.post(page, data={
        "csrf_token": token(client, page), "code": "kentang_uji", "commodity": "kentang",
        "topic": "pupuk", "title_id": "Pupuk kentang", "text_id": "Berikan pupuk kandang.",
        "title_jv": "Rabuk kenthang", "text_jv": "Paringi rabuk kandhang.", "active": "on",
        "audio_jv": (io.BytesIO(wav(5)), "rabuk.wav")}, content_type="multipart/form-data")
    assert saved.status_code == 302
    db_session.rollback()
    item = db_session.scalar(select(models.AdviceItem).where(
        models.AdviceItem.code == "kentang_uji"))
    assert item.updated_by == "tani"
    assert db_session.get(models.AdviceText, (item.id, "jv")).audio_seconds == 5
    played = client.get(f"/farming/audio/advice/{item.id}/jv")
    assert played.data[:4] == b"RIFF"
    played.close()
    jobs = db_session.scalars(select(models.OutboxItem).where(
        models.OutboxItem.kind == "render_prompt")).all()
    assert {j.payload["text"] for j in jobs} >= {"Pupuk kentang", "Berikan pupuk kandang."}
    assert db_session.scalars(select(models.AuditEntry.action)).all()[-1] == "advice_saved"
    login(client, "pupr")
    assert client.get("/farming/library").status_code == 403


def test_prices_from_the_form_and_a_csv_with_its_errors(client, people, db_session, clock):
    login(client, "tani")
    day = clock().date().isoformat()
    client.post("/farming/prices", data={"csrf_token": token(client, "/farming/prices"),
                                         "commodity": "kentang", "market": "among_tani",
                                         "price": "7.500", "date": day})
    bad = "commodity,market,unit,price,date\ndurian,,kg,5000,2026-11-30\n"
    refused = client.post("/farming/prices", data={
        "csrf_token": token(client, "/farming/prices"),
        "csv": (io.BytesIO(bad.encode()), "harga.csv")}, content_type="multipart/form-data",
        follow_redirects=True)
    assert "baris 2: komoditas &#39;durian&#39; tidak dikenal" in refused.get_data(as_text=True)
    good = (f"commodity,market,unit,price,date\nkobis,Pasar Induk Among Tani,kg,3000,{day}\n"
            f"wortle,among_tani,kg,4.200,{day}\n")
    client.post("/farming/prices", data={"csrf_token": token(client, "/farming/prices"),
                                         "csv": (io.BytesIO(good.encode()), "harga.csv")},
                content_type="multipart/form-data")
    db_session.rollback()
    prices = {(p.commodity, p.price) for p in db_session.scalars(select(models.MarketPrice))}
    assert prices == {("kentang", 7500), ("kubis", 3000), ("wortel", 4200)}


def test_an_alert_shows_its_audience_then_reaches_only_it(client, people, text, db_session):
    text("DAFTAR Sutrisno, Punten, kentang", FARMER)
    text("ya", FARMER)
    text("DAFTAR Sri, Punten, apel", OTHER)
    text("ya", OTHER)
    login(client, "tani")
    page = client.get("/farming/alerts?desa=35.79.02.2001&commodity=kentang")
    assert re.search(r"<strong>1</strong> petani akan menerima", page.get_data(as_text=True))
    sent = client.post("/farming/alerts", data={
        "csrf_token": token(client, "/farming/alerts"), "desa": "35.79.02.2001",
        "commodity": "kentang", "kind": "pest",
        "text": "Waspada busuk daun kentang di Punten. Semprot fungisida."},
        follow_redirects=True)
    assert "Peringatan dikirim ke 1 petani" in sent.get_data(as_text=True)
    assert outbox(db_session, FARMER)[-1].startswith("Waspada busuk daun")
    assert not outbox(db_session, OTHER)[-1].startswith("Waspada")


def test_nik_is_masked_and_only_admins_export_it(client, people, text, db_session):
    text("DAFTAR Sutrisno, Punten, kentang", FARMER)
    text("ya", FARMER)
    farmer = db_session.scalar(select(models.Farmer))
    login(client, "ppl04")
    page = f"/farming/farmers/{farmer.id}"
    client.post(page, data={"csrf_token": token(client, page), "nik": "3579012345678901",
                            "dusun": "Krajan", "land_area_ha": "0,5", "commodity": "kentang"})
    shown = client.get(page).get_data(as_text=True)
    assert "3579********8901" in shown and "3579012345678901" not in shown
    assert "nik" not in client.get("/farming/farmers.csv").get_data(as_text=True).splitlines()[0]
    login(client, "admin")
    exported = client.get("/farming/farmers.csv").get_data(as_text=True)
    assert exported.splitlines()[0].endswith(",nik") and "3579012345678901" in exported
    login(client, "ppl08")
    assert client.get(page).status_code == 404  # Punten is not ppl_08's


def test_staff_change_who_answers_a_desa(client, people, db_session):
    login(client, "tani")
    form = {"csrf_token": token(client, "/farming/officers"),
            "officer_35.79.02.2001": "ppl_05", "backup_35.79.02.2001": "ppl_04"}
    client.post("/farming/officers", data=form)
    db_session.rollback()
    row = db_session.get(models.OfficerArea, "35.79.02.2001")
    assert (row.officer_code, row.backup_code) == ("ppl_05", "ppl_04")
    login(client, "ppl04")
    assert client.get("/farming/officers").status_code == 403


def test_three_questions_about_one_pest_raise_a_flag_with_a_drafted_alert(client, people, text,
                                                                        db_session):
    asked = [registered_question(text, db_session, f"+62812999910{n:02d}",
                                 ("Punten", "Tulungrejo", "Gunungsari")[n]) for n in range(3)]
    login(client, "ppl04")
    page = client.get("/farming/questions").get_data(as_text=True)
    assert "Peringatan dini" in page and "busuk daun" in page
    for question in asked:
        assert f"/farming/questions/{question.ticket}\">{question.ticket}</a>" in page
    assert "Siapkan peringatan" not in page  # officers see the flag; staff send alerts
    login(client, "tani")
    home = client.get("/farming").get_data(as_text=True)
    link = re.search(r'href="(/farming/alerts\?[^"]+)">Siapkan peringatan', home)
    assert link
    drafted = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "waspada busuk daun pada kentang" in drafted
