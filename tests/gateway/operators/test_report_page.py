"""The report page and its actions: the same services as the channels, audited, and scoped."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy import select

from gateway.store import models
from sms.replies import reply
from tests import factories
from tests.pages import login

REPORTER = "+6281234567890"
PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"


@pytest.fixture
def operators(make_operators):
    make_operators("pusdalops:command-center", "pupr:agency:PUPR", "dlh:agency:DLH")


@pytest.fixture
def ticket(database, catalog, rules, clock):
    factories.text(database, catalog, rules, clock(), REPORTER,  # unsure: triage
                   "tolong dicek ya pak di Punten", "SM" + "1" * 32)
    with database.readers() as session:
        return session.scalar(select(models.Report.ticket))


def act(client, ticket: str, action: str, **form: str):
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(f"/reports/{ticket}/{action}", data={"csrf_token": token, **form})


def texts(db_session) -> list[str]:
    db_session.rollback()
    return [i.payload["body"] for i in db_session.scalars(
        select(models.OutboxItem).order_by(models.OutboxItem.id)) if i.payload["to"] == REPORTER]


def test_command_center_forwards_and_agency_resolves(client, operators, ticket, db_session):
    login(client, "pusdalops")
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    assert "Alasan rute" in page and "ke triase" in page.lower()
    assert act(client, ticket, "status", status="verified").status_code == 302
    act(client, ticket, "correct", category="jalan", area="35.79.02.2001")
    db_session.rollback()
    report = db_session.scalar(select(models.Report))  # triage with a category: routed by it
    assert (report.agency_code, report.status, report.category_code) == ("PUPR", "forwarded",
                                                                        "jalan")
    assert texts(db_session)[-1] == reply("forwarded", "id", ticket=ticket, agency=PUPR)
    moved = [e for e in report.events if e.action == "reassigned"]
    assert [(e.detail["to_agency"], e.detail["note"]) for e in moved] == [
        ("PUPR", "sesuai kategori Jalan atau jembatan rusak")]
    assert act(client, ticket, "reassign", agency="PUPR", note="").status_code == 302
    assert "Laporan ini sudah di DPUPR." in client.get(
        f"/reports/{ticket}").get_data(as_text=True)
    act(client, ticket, "reassign", agency="DLH", note="salah dinas")
    act(client, ticket, "reassign", agency="PUPR", note="jalan berlubang, mohon dicek")

    client.post("/logout", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/queue").get_data(as_text=True)
    ).group(1)})
    login(client, "pupr")
    act(client, ticket, "status", status="in_progress")
    act(client, ticket, "status", status="resolved")
    # Forwarded, moved twice, taken up and resolved within minutes: the reporter gets one text.
    assert texts(db_session)[1:] == [reply("resolved", "id", ticket=ticket)]
    audit = db_session.scalars(select(models.AuditEntry).order_by(models.AuditEntry.id)).all()
    assert [(a.operator, a.action) for a in audit] == [
        ("pusdalops", "signed_in"), ("pusdalops", "status"), ("pusdalops", "correct"),
        ("pusdalops", "reassign"), ("pusdalops", "reassign"), ("pusdalops", "signed_out"),
        ("pupr", "signed_in"), ("pupr", "status"), ("pupr", "status")]
    assert audit[1].address == "127.0.0.1" and audit[4].detail["agency"] == "PUPR"
    history = [e.action for e in db_session.scalar(select(models.Report)).events]
    assert {"corrected", "reassigned", "status"} <= set(history)


def test_agency_operator_cannot_open_another_agencys_report(client, operators, ticket):
    login(client, "dlh")
    assert client.get(f"/reports/{ticket}").status_code == 404  # triage, not DLH's
    assert client.get("/reports/123456785").status_code == 404


def test_agency_operator_cannot_forward_and_rejection_needs_a_reason(
    client, operators, ticket, db_session
):
    login(client, "pusdalops")
    act(client, ticket, "reassign", agency="PUPR")
    client.post("/logout", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/queue").get_data(as_text=True)
    ).group(1)})
    login(client, "pupr")
    act(client, ticket, "reassign", agency="DLH")
    assert "Hanya pusat kendali" in client.get(f"/reports/{ticket}").get_data(as_text=True)
    act(client, ticket, "status", status="rejected", reason="")
    assert "alasan penolakan" in client.get(f"/reports/{ticket}").get_data(as_text=True)
    act(client, ticket, "status", status="rejected", reason="di luar wilayah Kota Batu")
    assert texts(db_session)[-1] == reply("rejected", "id", ticket=ticket,
                                          reason="di luar wilayah Kota Batu.")


def test_note_message_and_duplicate_link(client, operators, ticket, database, catalog, rules,
                                         clock, db_session):
    login(client, "pusdalops")
    act(client, ticket, "note", note="warga sudah ditelepon balik")
    act(client, ticket, "message", text="Mohon kirim patokan lokasinya.")
    assert texts(db_session)[-1] == (
        f"Lapor Kota Batu, tiket {ticket}: Mohon kirim patokan lokasinya.")
    factories.text(database, catalog, rules, clock(), "+6289900000000",
                   "tolong dicek juga di Punten", "SM" + "2" * 32)
    with database.readers() as session:
        other = session.scalar(select(models.Report.ticket).where(models.Report.ticket != ticket))
    act(client, other, "link", parent=ticket)
    db_session.rollback()
    child = db_session.scalar(select(models.Report).where(models.Report.ticket == other))
    assert child.status == "duplicate" and child.parent.ticket == ticket
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    assert other in page and "warga sudah ditelepon balik" in page


def test_history_is_written_in_plain_words_with_names(client, operators, ticket, database,
                                                      catalog, rules, clock):
    login(client, "pusdalops")
    act(client, ticket, "correct", category="jalan", area="35.79.01.1004")
    act(client, ticket, "reassign", agency="DLH", note="cek dulu")
    act(client, ticket, "reassign", agency="PUPR", note="")
    act(client, ticket, "status", status="in_progress")
    factories.text(database, catalog, rules, clock(), "+6285555555555",
                   "lampu jalan mati di Temas, kabelnya putus, bahaya", "SM" + "2" * 32)
    with database.readers() as session:
        urgent = session.scalars(select(models.Report.ticket).order_by(models.Report.id)).all()[1]
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    history = page[page.index('id="h-history"'):]
    history = history[:history.index("</ol>")]
    for words in ("Laporan masuk lewat SMS", "Masuk triase pusat kendali",
                  "Diperbaiki: kategori tanpa kategori → Jalan atau jembatan rusak; wilayah "
                  "Desa Punten → Kel. Sisir",
                  "Diteruskan dari triase ke DPUPR. Catatan: sesuai kategori Jalan atau "
                  "jembatan rusak",
                  "Diteruskan dari DPUPR ke DLH. Catatan: cek dulu",
                  "Diteruskan dari DLH ke DPUPR",
                  "Status Diteruskan → Sedang ditangani", "pusdalops", "Pelapor"):
        assert words in history, words
    for raw in ("from_agency", "area_code", "35.79.", "channel:", "to_agency"):
        assert raw not in history, raw
    page = client.get(f"/reports/{urgent}").get_data(as_text=True)
    assert "Diarahkan ke DPUPR menurut kata: lampu jalan, lampu" in page
    assert "Prioritas naik dari rendah ke darurat karena kata bahaya: bahaya, putus" in page
    assert "Tidak dikirim ke tim reaksi cepat (URC)" in page or "Dikirim ke tim reaksi" in page
    client.get("/lang/en", headers={"Referer": "http://localhost/queue"})
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    assert "Forwarded from DLH to DPUPR" in page and "Report received by SMS" in page


def test_closed_report_offers_only_reopen_and_note_and_menus_offer_the_next_step(
    client, operators, database, catalog, rules, clock, db_session
):
    factories.text(database, catalog, rules, clock(), REPORTER,
                   "LAPOR jalan berlubang besar di Punten", "SM" + "3" * 32)
    with database.readers() as session:
        ticket = session.scalar(select(models.Report.ticket))
    login(client, "pupr")
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    assert '<option value="in_progress" selected>' in page  # forwarded: taking it up is next
    act(client, ticket, "status", status="in_progress")
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    assert '<option value="resolved" selected>' in page
    assert '<option value="in_progress"' not in page  # not the status it already has
    act(client, ticket, "status", status="resolved", reason="sudah ditambal")
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    for gone in ("/status\"", "/reassign\"", "/correct\"", "/message\""):
        assert gone not in page, gone
    assert f'/reports/{ticket}/reopen"' in page and f'/reports/{ticket}/note"' in page
    assert "Laporan ini sudah ditutup" in page
    act(client, ticket, "reopen", reason="")
    assert "Tuliskan alasan" in client.get(f"/reports/{ticket}").get_data(as_text=True)
    act(client, ticket, "reopen", reason="warga: lubang terbuka lagi")
    db_session.rollback()
    report = db_session.scalar(select(models.Report))
    assert (report.status, report.agency_code) == ("forwarded", "PUPR")
    assert report.resolve_by > clock()
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    assert "Dibuka kembali. Alasan: warga: lubang terbuka lagi" in page
    # the resolution's text, still held, is not sent: it no longer stands
    assert texts(db_session) == [reply("received", "id", ticket=ticket)]


def test_triage_forward_menu_offers_the_agency_its_words_scored_best(
    client, operators, database, catalog, rules, clock
):
    rules_only = replace(rules, model=None)  # unsure between DAMKAR and BPBD
    factories.text(database, catalog, rules_only, clock(), REPORTER,
                   "pohon tumbang menimpa kabel, ada sarang tawon juga", "SM" + "4" * 32)
    with database.readers() as session:
        report = session.scalar(select(models.Report))
    assert report.agency_code is None and next(iter(report.routing["scores"])) == "DAMKAR"
    login(client, "pusdalops")
    page = client.get(f"/reports/{report.ticket}").get_data(as_text=True)
    assert '<option value="DAMKAR" selected>' in page
    assert '<option value="verified" selected>' in page


def test_command_center_marks_a_message_not_a_report_and_routing_learns_from_it(
    client, operators, ticket, db_session
):
    from gateway.store.route_examples import city_examples

    login(client, "pusdalops")
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    assert f'/reports/{ticket}/not_report"' in page and "Bukan laporan" in page
    assert act(client, ticket, "not_report").status_code == 302
    db_session.rollback()
    report = db_session.scalar(select(models.Report))
    assert report.status == "cancelled"
    assert [e.action for e in report.events][-2:] == ["not_report", "status"]
    assert texts(db_session) == [reply("received", "id", ticket=ticket)]  # nothing more sent
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    assert "Ditandai bukan laporan" in page and "Status Baru → Dibatalkan" in page
    assert act(client, ticket, "not_report").status_code == 302  # closed: said, not done
    assert "Laporan ini sudah ditutup." in client.get(f"/reports/{ticket}").get_data(
        as_text=True)
    examples = city_examples(db_session.connection())
    assert [(e.key, e.agency, e.source) for e in examples] == [
        (ticket, "NOT_REPORT", "not a report")]


def test_an_agency_may_not_mark_a_report_not_a_report(client, operators, database, catalog,
                                                      rules, clock, db_session):
    factories.text(database, catalog, rules, clock(), REPORTER,
                   "LAPOR jalan berlubang besar di Punten", "SM" + "5" * 32)
    with database.readers() as session:
        ticket = session.scalar(select(models.Report.ticket))
    login(client, "pupr")
    assert f'/reports/{ticket}/not_report"' not in client.get(f"/reports/{ticket}").get_data(
        as_text=True)
    act(client, ticket, "not_report")
    assert "Hanya pusat kendali yang dapat menandai" in client.get(
        f"/reports/{ticket}").get_data(as_text=True)
    db_session.rollback()
    assert db_session.scalar(select(models.Report.status)) == "new"  # not cancelled
