"""The farmers' line's pages in a real headless Chromium: the officer's question queue and an
answer, the library editor, price entry, and an alert with its audience counted before it is
sent. Screenshots go to test-artifacts/."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from gateway.store import models
from gateway.voice.simulator import http_transport
from tests.conftest import AUTH_TOKEN
from tests.gateway.operators import test_browser as ui
from tests.servers import lapor_run

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the dev extras install it
    expect = None  # type: ignore[assignment]

pytestmark = ui.pytestmark  # skipped, saying why, without Chromium
FARMER = "+6281299990005"
_sids = itertools.count(1)


@pytest.fixture
def site(settings_env, tmp_path, make_operators):
    make_operators("ppl04:officer:ppl_04", "ppl08:officer:ppl_08", "tani:agency:PERTANIAN")
    with lapor_run(settings_env, tmp_path) as (port, _env):
        yield f"http://127.0.0.1:{port}"


def texted(site: str, body: str, sender: str = FARMER) -> None:
    answer = http_transport(site, AUTH_TOKEN)("/twilio/sms", {
        "MessageSid": f"SM{next(_sids):032x}", "From": sender, "To": "+62341512178",
        "Body": body, "NumMedia": "0"})
    assert answer.status == 200


def test_the_officer_of_the_desa_sees_the_question_and_answers_it(browser, site, db_session):
    for body in ("DAFTAR Sutrisno, Punten, kentang", "ya",
                 "TANYA daun kentang menghitam dan busuk, apa obatnya?"):
        texted(site, body)
    db_session.rollback()
    ticket = db_session.scalar(select(models.Report.ticket).where(
        models.Report.kind == "question"))
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    ui.sign_in(page, site, "ppl08")  # Beji's officer: not this question
    expect(page.get_by_role("heading", name="Pertanyaan petani")).to_be_visible()
    expect(page.get_by_role("link", name=ticket)).to_have_count(0)
    ui.sign_out(page)
    ui.sign_in(page, site, "ppl04")  # Punten's officer lands on their questions
    expect(page.get_by_role("link", name=ticket)).to_be_visible()
    ui.shot(page, "farming-questions")
    page.get_by_role("link", name=ticket).click()
    page.get_by_label("Jawaban untuk petani (dikirim lewat SMS)").fill(
        "Cabut tanaman yang parah, semprot fungisida tiap minggu saat musim hujan.")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("alert")).to_have_text("Tersimpan.")
    ui.shot(page, "farming-question-answered")
    db_session.rollback()
    bodies = [i.payload["body"] for i in db_session.scalars(select(models.OutboxItem)
                                                            .order_by(models.OutboxItem.id))
              if i.payload.get("to") == FARMER]
    assert bodies[-2].startswith(f"Jawaban penyuluh untuk tiket {ticket}: Cabut tanaman")


def test_library_editor_price_entry_and_an_alert_with_its_audience(browser, site, db_session,
                                                                   clock):
    texted(site, "DAFTAR Sutrisno, Punten, kentang")
    texted(site, "ya")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    ui.sign_in(page, site, "tani")
    page.goto(f"{site}/farming/library")
    expect(page.get_by_role("heading", name="Pustaka saran")).to_be_visible()
    ui.shot(page, "farming-library")
    page.get_by_role("link", name="Tambah saran").click()
    page.get_by_label("Kode").fill("kentang_pupuk_uji")
    page.get_by_label("Komoditas").select_option("kentang")
    page.get_by_label("Topik").select_option("pupuk")
    page.locator("#title_id").fill("Pupuk untuk kentang")
    page.locator("#text_id").fill("Berikan pupuk kandang matang saat mengolah tanah.")
    page.get_by_role("button", name="Simpan saran").click()
    expect(page.get_by_role("alert")).to_contain_text("Tersimpan.")
    page.goto(f"{site}/farming/library")
    expect(page.get_by_role("link", name="Pupuk untuk kentang")).to_be_visible()

    page.goto(f"{site}/farming/prices")
    page.get_by_label("Komoditas").select_option("kentang")
    page.get_by_label("Harga (Rp per satuan)").fill("7500")
    page.get_by_role("button", name="Simpan harga").click()
    expect(page.get_by_role("alert")).to_have_text("1 harga tersimpan.")
    expect(page.get_by_role("cell", name="Rp7.500/kg")).to_be_visible()
    ui.shot(page, "farming-prices")

    page.goto(f"{site}/farming/alerts")
    page.get_by_label("Desa (kosong: semua)").select_option("35.79.02.2001")
    page.get_by_label("Komoditas (kosong: semua)").select_option("kentang")
    page.get_by_role("button", name="Hitung penerima").click()
    expect(page.locator("#audience")).to_contain_text("1 petani akan menerima")
    page.get_by_label("Isi SMS (paling banyak 2 SMS)").fill(
        "Waspada busuk daun kentang di Punten. Periksa tanaman Anda.")
    page.get_by_role("button", name="Kirim ke 1 petani").click()
    expect(page.get_by_role("alert")).to_have_text("Peringatan dikirim ke 1 petani.")
    ui.shot(page, "farming-alert-sent")
