"""The operators' pages in a real headless Chromium (Debian's, driven by Playwright).

Login, a new SMS report appearing live on the queue page, forwarding it, the agency resolving it
and the reporter's text landing in the outbox, an agency operator unable to open another agency's
report by typing its address, and a failed-login lockout. Screenshots of the main pages are
written to test-artifacts/.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from gateway.operators.accounts import add_operator
from gateway.operators.signin import MAX_FAILURES
from gateway.settings import PROJECT_ROOT
from gateway.store import models
from gateway.voice.simulator import http_transport
from sms.replies import reply
from tests.conftest import AUTH_TOKEN
from tests.pages import PASSWORD
from tests.servers import lapor_run

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
try:
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:  # pragma: no cover - the dev extras install it
    sync_playwright = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(
    sync_playwright is None or not Path(CHROMIUM).exists(),
    reason="Chromium is not installed (apt-get install chromium) or Playwright is missing",
)
REPORTER = "+6281234567890"


@pytest.fixture
def browser(tmp_path, monkeypatch):
    # Chromium writes its profile under $HOME; keep it in the test's folder.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"],
        )
        yield browser
        browser.close()


@pytest.fixture
def site(settings_env, tmp_path, database, clock):
    with database.session() as session:
        for name, role, agency in (("pusdalops", "command-center", None),
                                   ("pupr", "agency", "PUPR"), ("dlh", "agency", "DLH")):
            add_operator(session, name, PASSWORD, role, agency, clock())
    with lapor_run(settings_env, tmp_path) as (port, _env):
        yield f"http://127.0.0.1:{port}"


def sign_in(page: Page, site: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{site}/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile(r".*/login$"))


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_report_arrives_live_is_forwarded_and_resolved(browser, site, database, db_session):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, site, "pusdalops")
    expect(page.get_by_role("heading", name="Antrean laporan")).to_be_visible()
    shot(page, "queue-empty")

    answer = http_transport(site, AUTH_TOKEN)("/twilio/sms", {
        "MessageSid": "SM" + "b" * 32, "From": REPORTER, "To": "+62341512178",
        "Body": "tolong dicek ya pak di Punten", "NumMedia": "0"})
    assert answer.status == 200
    with database.readers() as session:
        ticket = session.scalar(select(models.Report.ticket))
    row = page.locator(f'tr.report.new[data-ticket="{ticket}"]')
    expect(row).to_be_visible(timeout=15000)  # arrived without a reload
    expect(row.locator(".badge")).to_have_text("baru")
    shot(page, "queue-live")

    row.get_by_role("link", name=ticket).click()
    expect(page.get_by_role("heading", name=f"Laporan {ticket}")).to_be_visible()
    page.get_by_label("Teruskan ke dinas").select_option("PUPR")
    page.get_by_label("Catatan", exact=True).fill("jalan berlubang di Punten")
    page.get_by_role("button", name="Teruskan").click()
    expect(page.get_by_role("alert")).to_have_text("Tersimpan.")
    shot(page, "report-forwarded")
    sign_out(page)

    sign_in(page, site, "pupr")
    page.goto(f"{site}/reports/{ticket}")
    page.get_by_label("Ubah status").select_option("resolved")
    page.get_by_role("button", name="Simpan status").click()
    expect(page.get_by_role("alert")).to_have_text("Tersimpan.")
    shot(page, "report-resolved")
    db_session.rollback()
    bodies = [i.payload["body"] for i in db_session.scalars(select(models.OutboxItem))
              if i.payload["to"] == REPORTER]
    assert bodies[-1] == reply("resolved", "id", ticket=ticket)
    sign_out(page)

    sign_in(page, site, "dlh")
    response = page.goto(f"{site}/reports/{ticket}")
    assert response is not None and response.status == 404


def test_failed_logins_lock_the_account(browser, site):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    for _ in range(MAX_FAILURES):
        sign_in(page, site, "pusdalops", "salah-kata-sandi")
    expect(page.get_by_role("alert")).to_contain_text("salah")
    sign_in(page, site, "pusdalops")  # the right password, too many attempts
    expect(page.get_by_role("alert")).to_contain_text("Terlalu banyak percobaan")
    shot(page, "login-locked")
