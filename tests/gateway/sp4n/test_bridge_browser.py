"""A command-center operator escalates a report to LAPOR!-SP4N in real Chromium on an office
PC's screen, against a running gateway and the fake LAPOR!; the worker sends it and the page
shows the national tracking number and status."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from gateway.operators.accounts import add_operator
from gateway.sp4n.lapor_api import LaporApi
from tests import factories
from tests.gateway.operators.test_browser import ARTIFACTS, pytestmark, sign_in  # noqa: F401
from tests.gateway.sp4n.fake_lapor import TOKEN, FakeLapor
from tests.pages import PASSWORD
from tests.servers import lapor_run


def test_an_operator_escalates_from_the_report_page(browser, settings_env, tmp_path,
                                                    database, catalog, clock, runtime):
    with database.session() as session:
        add_operator(session, "pusdalops", PASSWORD, "command-center", None, clock())
    ticket = factories.report(database, catalog, clock(), reporter="+6281234500777",
                              text="Ada pungutan liar di loket KTP kantor kecamatan Junrejo",
                              area_code="35.79.03.2003").ticket
    with FakeLapor() as lapor:
        settings_env.update(LAPOR_SP4N_URL=lapor.url, LAPOR_SP4N_TOKEN=TOKEN)
        with lapor_run(settings_env, tmp_path) as (port, _env):
            site = f"http://127.0.0.1:{port}"
            page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
            sign_in(page, site, "pusdalops")
            page.goto(f"{site}/reports/{ticket}")
            summary = page.get_by_label("Ringkasan untuk LAPOR!-SP4N (tanpa nama dan nomor "
                                        "pelapor)")
            assert "pungutan liar" in summary.input_value()
            summary.fill("Warga melaporkan pungutan liar di loket KTP Kecamatan Junrejo.")
            page.get_by_role("button", name="Teruskan ke LAPOR!-SP4N").click()
            page.get_by_text("Menunggu dikirim ke LAPOR!-SP4N.").wait_for()

            # The running gateway queued the job on the wall clock; the worker follows it.
            worker = factories.worker(replace(runtime, clock=lambda: datetime.now(UTC)))
            worker.national = LaporApi(lapor.url, TOKEN, runtime.settings.LAPOR_SP4N_SUBMIT_PATH,
                                       runtime.settings.LAPOR_SP4N_STATUS_PATH)
            worker.run_once()
            tracking = lapor.by_ticket(ticket).tracking_id
            page.reload()
            assert f"Nomor pelacakan nasional: {tracking}" in page.locator(".sp4n").inner_text()
            assert "Status di LAPOR!-SP4N: belum ada kabar" in page.content()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report-sp4n-1366.png"), full_page=True)
