"""The LAPOR!-SP4N bridge end to end: an operator escalates on the report page, the worker
sends it to a fake LAPOR! over HTTP and follows its national status back into the history and
to the citizen."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from gateway.providers.sending import PermanentError, TransientError
from gateway.sp4n.lapor_api import LaporApi
from gateway.sp4n.national import Complaint
from gateway.store import models
from sms.replies import reply
from tests import factories
from tests.gateway.sp4n.fake_lapor import TOKEN, FakeLapor
from tests.pages import login

REPORTER = "+6281234567890"
TEXT = "Pungli di loket KTP kantor desa Punten, diminta 50 ribu untuk surat pindah"


@pytest.fixture(autouse=True)
def lapor(settings_env):
    with FakeLapor() as fake:
        settings_env.update(LAPOR_SP4N_URL=fake.url, LAPOR_SP4N_TOKEN=TOKEN,
                            LAPOR_SP4N_CHECK_MINUTES="30")
        yield fake


@pytest.fixture
def ticket(database, catalog, clock, make_operators):
    make_operators("pusdalops:command-center", "pupr:agency:PUPR")
    return factories.report(database, catalog, clock(), reporter=REPORTER, text=TEXT,
                            area_code="35.79.02.2001").ticket


def act(client, ticket: str, action: str, **form: str):
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(f"/reports/{ticket}/{action}", data={"csrf_token": token, **form})


def worker(runtime):
    runner = factories.worker(runtime)
    runner.national = LaporApi.from_settings(runtime.settings)
    return runner


def report_row(db_session) -> models.Report:
    db_session.rollback()
    return db_session.scalar(select(models.Report))


def texts(db_session) -> list[str]:
    db_session.rollback()
    return [i.payload["body"] for i in db_session.scalars(
        select(models.OutboxItem).where(models.OutboxItem.kind == "sms")
        .order_by(models.OutboxItem.id)) if i.payload["to"] == REPORTER]


def test_an_escalated_report_round_trips_through_lapor(client, runtime, ticket, lapor, clock,
                                                       db_session):
    login(client, "pusdalops")
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    assert "Teruskan ke LAPOR!-SP4N" in page and TEXT in page  # the summary starts as the text
    summary = "Warga melaporkan pungutan liar Rp50.000 di loket KTP kantor Desa Punten."
    assert act(client, ticket, "escalate", summary=summary).status_code == 302
    assert "Menunggu dikirim ke LAPOR!-SP4N." in client.get(f"/reports/{ticket}").get_data(
        as_text=True)

    assert worker(runtime).run_once() >= 1
    sent = lapor.by_ticket(ticket)
    assert sent.fields["isi"].startswith(summary) and ticket in sent.fields["isi"]
    assert sent.fields["lokasi"] == "Punten, Kecamatan Bumiaji, Kota Batu, Jawa Timur"
    assert (sent.fields["klasifikasi"], sent.fields["rahasia"], sent.fields["anonim"]) == (
        "pengaduan", True, True)
    assert sent.fields["tanggal_kejadian"] == "2026-11-02"
    assert REPORTER[3:] not in sent.raw and "pusdalops" not in sent.raw  # no number, no name
    tracking = sent.tracking_id
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    assert tracking in page and f"Diteruskan ke LAPOR!-SP4N, nomor pelacakan {tracking}" in page
    assert texts(db_session)[-1] == reply("national_sent", "id", ticket=ticket,
                                          tracking=tracking)

    # LAPOR! takes it up: the city's report follows, and the citizen is told.
    lapor.follow_up(tracking, "Proses", "Laporan diteruskan ke Inspektorat Kota Batu.", clock())
    clock.advance(minutes=31)
    worker(runtime).run_once()
    report = report_row(db_session)
    assert report.status == "in_progress"
    national = [e for e in report.events if e.action == "sp4n_status"]
    assert [(e.actor, e.detail["status"], e.detail["replies"]) for e in national] == [
        ("lapor-sp4n", "Proses", ["Laporan diteruskan ke Inspektorat Kota Batu."])]
    assert "LAPOR!-SP4N: Laporan diteruskan ke Inspektorat" in [
        e for e in report.events if e.action == "status"][-1].detail["reason"]

    # A follow-up without a new status is texted in LAPOR!'s words.
    lapor.follow_up(tracking, "Proses", "Petugas Inspektorat akan memeriksa loket.", clock())
    clock.advance(minutes=31)
    worker(runtime).run_once()
    assert texts(db_session)[-1] == reply(
        "national_update", "id", ticket=ticket, status="Proses",
        note="Petugas Inspektorat akan memeriksa loket.")

    lapor.follow_up(tracking, "Selesai", "Pungutan dihentikan, petugas diberi sanksi.", clock())
    clock.advance(minutes=31)
    worker(runtime).run_once()
    report = report_row(db_session)
    assert report.status == "resolved"
    assert "Pungutan dihentikan, petugas diberi sanksi." in texts(db_session)[-1]
    db_session.rollback()
    pending = db_session.scalars(select(models.OutboxItem).where(
        models.OutboxItem.kind == "sp4n_check", models.OutboxItem.status == "pending")).all()
    assert pending == []  # "Selesai" is final: nothing more to follow

    public = client.get(f"/lapor/{ticket}").get_data(as_text=True)
    assert f"Diteruskan ke LAPOR!-SP4N (nomor {tracking})" in public
    assert "Kabar dari LAPOR!-SP4N: Selesai" in public
    assert "Inspektorat" not in public  # the follow-ups' words stay out of the public page


def test_a_refused_token_is_shown_and_the_escalation_may_be_asked_again(
        client, runtime, ticket, lapor, db_session):
    login(client, "pusdalops")
    act(client, ticket, "escalate", summary="Pungli di loket KTP.")
    runner = worker(runtime)
    runner.national = LaporApi(lapor.url, "token-salah", "/api/services/integrasi/kirim-laporan",
                               "/api/services/integrasi/status-laporan")
    runner.run_once()
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    assert "Gagal dikirim ke LAPOR!-SP4N: LAPOR! refused the token (HTTP 401)" in page
    assert lapor.complaints == {}
    assert act(client, ticket, "escalate", summary="Pungli di loket KTP.").status_code == 302
    worker(runtime).run_once()
    assert lapor.by_ticket(ticket).tracking_id in client.get(f"/reports/{ticket}").get_data(
        as_text=True)


def test_lapor_down_is_tried_again_later(client, runtime, ticket, lapor, clock, db_session):
    login(client, "pusdalops")
    act(client, ticket, "escalate", summary="Pungli di loket KTP.")
    lapor.fail_next = [503]
    worker(runtime).run_once()
    assert lapor.complaints == {}
    assert "Menunggu dikirim" in client.get(f"/reports/{ticket}").get_data(as_text=True)
    clock.advance(minutes=2)
    worker(runtime).run_once()
    assert lapor.by_ticket(ticket).tracking_id


def test_only_the_command_center_escalates_and_only_once(client, runtime, ticket, lapor,
                                                         database, catalog):
    factories.set_agency(database, 1, "PUPR")
    login(client, "pupr")
    assert "Teruskan ke LAPOR!-SP4N" not in client.get(f"/reports/{ticket}").get_data(
        as_text=True)
    act(client, ticket, "escalate", summary="x")
    assert "Hanya pusat kendali yang dapat meneruskan laporan ke LAPOR!-SP4N." in client.get(
        f"/reports/{ticket}").get_data(as_text=True)
    client.get("/logout")
    login(client, "pusdalops")
    act(client, ticket, "escalate", summary="Pungli.")
    act(client, ticket, "escalate", summary="Pungli lagi.")
    assert "Laporan ini sudah diteruskan ke LAPOR!-SP4N." in client.get(
        f"/reports/{ticket}").get_data(as_text=True)
    act(client, ticket, "escalate", summary="  ")
    worker(runtime).run_once()
    assert len(lapor.complaints) == 1


def test_the_adapter_reads_lapor_answers_carefully(lapor):
    api = LaporApi(lapor.url, TOKEN, "/api/services/integrasi/kirim-laporan",
                   "/api/services/integrasi/status-laporan")
    assert api.check() == 2  # the documented topic list answers with this token
    complaint = Complaint("123456", "pengaduan", "Jalan rusak di Punten", "Lubang besar.",
                          date(2026, 11, 2), "Punten, Kota Batu", "Jalan", "sms", True)
    tracking = api.submit(complaint)
    assert api.submit(complaint) == tracking  # the same ticket is one complaint
    lapor.complaints[tracking].replies.append({"tanggal": "bukan tanggal", "isi": "  Diterima  "})
    state = api.state(tracking)
    assert (state.status, [(r.at, r.text) for r in state.replies]) == (
        "Belum terverifikasi", [(None, "Diterima")])
    with pytest.raises(PermanentError, match="404"):
        api.state("999")
    with pytest.raises(PermanentError, match="HTTP 422.*judul"):
        api.submit(replace(complaint, external_id="123457", title=""))
    lapor.fail_next = [502]
    with pytest.raises(TransientError, match="502"):
        api.check()
    with pytest.raises(TransientError, match="could not be reached"):
        LaporApi("http://127.0.0.1:9", TOKEN, "/a", "/b").check()


def test_checks_go_on_while_lapor_cannot_be_read_but_not_forever(client, runtime, ticket,
                                                                 clock, db_session):
    login(client, "pusdalops")
    act(client, ticket, "escalate", summary="Pungli di loket KTP.")
    worker(runtime).run_once()  # sent; the first check is due in 30 minutes

    def checks() -> list[str]:
        db_session.rollback()
        return [i.status for i in db_session.scalars(select(models.OutboxItem).where(
            models.OutboxItem.kind == "sp4n_check").order_by(models.OutboxItem.id))]

    assert checks() == ["pending"]
    off = factories.worker(runtime)  # the bridge switched off: every check fails for good
    clock.advance(minutes=31)
    off.run_once()
    assert checks() == ["failed", "pending"]  # and the next one is queued all the same
    clock.advance(days=181)
    off.run_once()
    assert checks() == ["failed", "failed"]  # half a year on, it is left be
