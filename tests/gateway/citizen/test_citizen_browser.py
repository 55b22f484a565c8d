"""A citizen on a 360×640 phone files a report on the web page in real Chromium: it reaches the
command center's queue, is routed and texted like any other, and its status page follows it."""

from __future__ import annotations

from sqlalchemy import select

from gateway.operators.accounts import add_operator
from gateway.store import models
from tests import factories
from tests.gateway.operators.test_browser import ARTIFACTS, pytestmark, sign_in  # noqa: F401
from tests.pages import PASSWORD
from tests.servers import lapor_run

PHONE = "+6281234500640"


def test_a_report_from_a_phone_sized_browser_is_queued_routed_texted_and_followed(
        browser, settings_env, tmp_path, database, catalog, clock):
    with database.session() as session:
        add_operator(session, "pusdalops", PASSWORD, "command-center", None, clock())
    with lapor_run(settings_env, tmp_path) as (port, _env):
        site = f"http://127.0.0.1:{port}"
        phone = browser.new_context(viewport={"width": 360, "height": 640},
                                    java_script_enabled=False)
        page = phone.new_page()
        page.goto(f"{site}/lapor")
        assert "Lapor ke Pemkot Batu" in page.content()
        page.get_by_label("Jenis masalah").select_option("sampah")
        page.get_by_label("Desa atau kelurahan").select_option("35.79.02.2001")
        page.get_by_label("Ceritakan masalahnya").fill("Sampah menumpuk di pinggir jalan "
                                                       "dekat pasar, sudah bau")
        page.get_by_label("Nomor HP untuk kabar (boleh kosong)").fill("081234500640")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "citizen-form-360.png"), full_page=True)
        page.get_by_role("button", name="Kirim laporan").click()
        assert "laporan Anda sudah kami terima" in page.content()
        ticket = page.url.split("/lapor/")[1].split("?")[0]
        page.screenshot(path=str(ARTIFACTS / "citizen-status-360.png"), full_page=True)
        assert page.locator(".status").inner_text() == "Diterima"
        assert "Dinas Lingkungan Hidup" in page.content()

        office = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        sign_in(office, site, "pusdalops")
        office.goto(f"{site}/queue")
        assert ticket in office.content()

        with database.readers() as session:
            report = session.scalar(select(models.Report).where(models.Report.ticket == ticket))
            assert (report.channel, report.agency_code) == ("web", "DLH")
            texts = [i.payload["body"] for i in session.scalars(select(models.OutboxItem))
                     if i.payload["to"] == PHONE]
        assert texts and ticket in texts[0]
        factories.set_status(database, catalog, report.id, "resolved", "operator:dlh", clock(),
                             reason="sudah diangkut")
        page.reload()
        assert page.locator(".status").inner_text() == "Selesai"
        assert "sudah diangkut" not in page.content()
