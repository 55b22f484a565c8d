"""The operators' day in a real headless Chromium at 1366x768, as issue 14 asked: each role's
home, the gateway's own error pages, English throughout, /calls updating in place, closed
reports, history in words, triage correction, density and formats, and the admin pages.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

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


TEXTS = [
    "jalan berlubang besar di depan SD Punten", "sampah numpuk di pinggir jalan Sisir",
    "lampu jalan mati di Jalan Diponegoro Ngaglik", "saluran air mampet di Temas",
    "pohon tumbang menutup jalan di Oro-oro Ombo", "air PDAM mati sejak pagi di Sumberejo",
    "parkir liar di alun-alun Pesanggrahan", "pedagang kaki lima di trotoar Songgokerto",
    "jembatan retak di Bumiaji", "banjir di depan pasar Sidomulyo", "sampah di sungai Junrejo",
    "jalan rusak parah di Tlekung", "lampu jalan padam di Beji", "got mampet di Dadaprejo",
    "pipa bocor di Torongrejo", "jalan longsor di Sumbergondo", "sampah liar di Giripurno",
    "trotoar rusak di Sisir dekat alun-alun", "lampu jalan mati di Pendem",
    "saluran tersumbat di Mojorejo",
]


def test_queue_density_formats_and_the_report_page_at_1366x768(browser, site):
    post = http_transport(site, AUTH_TOKEN)
    for index, body in enumerate(TEXTS):
        answer = post("/twilio/sms", {"MessageSid": f"SM{index:032x}", "To": "+62341512178",
                                      "From": f"+62812555{index:05d}", "Body": body,
                                      "NumMedia": "0"})
        assert answer.status == 200
    page = browser.new_page(viewport=SCREEN)
    ui.sign_in(page, site, "pusdalops")
    rows = page.locator("tr.report")
    expect(rows).to_have_count(len(TEXTS))
    visible = page.evaluate("""() => [...document.querySelectorAll('tr.report')]
        .filter(r => r.getBoundingClientRect().bottom <= window.innerHeight).length""")
    assert visible >= 12, f"only {visible} queue rows fit on a 1366x768 screen"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= SCREEN["width"], f"the queue is {width} px wide: it scrolls sideways"
    lines = page.evaluate("""() => [...document.querySelectorAll('tr.report td, thead th')]
        .map(c => Math.round(c.getBoundingClientRect().height
                             / parseFloat(getComputedStyle(c).lineHeight)))""")
    assert max(lines) <= 2, "a queue cell wraps to three lines or more"
    cut = page.evaluate("""() => { const i = document.querySelector('input[name=q]');
        const c = document.createElement('canvas').getContext('2d');
        c.font = getComputedStyle(i).font;
        return c.measureText(i.placeholder).width > i.clientWidth - 8; }""")
    assert not cut, "the search placeholder is cut off"
    agencies = page.locator("tr.report td:nth-child(7)").all_inner_texts()
    assert "DPUPR" in agencies and "DLH" in agencies  # agencies named one way: acronyms
    ui.shot(page, "after-queue")
    page.goto(f"{site}/stats")
    expect(page.locator("figure svg").nth(1)).to_contain_text(re.compile(r"\d+ \w{3}–\d+ \w{3}"))
    ui.shot(page, "after-stats")


def test_each_role_lands_home_and_errors_are_the_gateways_own(browser, site):
    page = browser.new_page(viewport=SCREEN)
    ui.sign_in(page, site, "pimpinan")  # a viewer: the statistics are their home
    expect(page).to_have_url(re.compile(r".*/stats$"))
    expect(page.get_by_role("heading", name="Statistik laporan")).to_be_visible()
    answer = page.goto(f"{site}/queue")
    assert answer is not None and answer.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman ini bukan untuk akun Anda")
    expect(page.get_by_role("navigation", name="Menu utama")).to_be_visible()
    page.get_by_role("link", name="Kembali ke halaman utama").click()
    expect(page).to_have_url(re.compile(r".*/stats$"))
    ui.sign_out(page)
    ui.sign_in(page, site, "pusdalops")
    expect(page).to_have_url(re.compile(r".*/queue$"))
    page.get_by_role("link", name="English").click()
    answer = page.goto(f"{site}/reports/123456785")
    assert answer is not None and answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    ui.shot(page, "after-error-404-en")


def test_a_triage_report_corrected_resolved_and_closed_in_plain_words(browser, site):
    answer = http_transport(site, AUTH_TOKEN)("/twilio/sms", {
        "MessageSid": "SM" + "c" * 32, "From": "+6281234500009", "To": "+62341512178",
        "Body": "tolong dicek ya pak di Punten", "NumMedia": "0"})
    assert answer.status == 200
    page = browser.new_page(viewport=SCREEN)
    ui.sign_in(page, site, "pusdalops")
    page.locator("tr.report td.ticket a").first.click()
    history = page.locator("ol.history")
    expect(history).to_contain_text("Laporan masuk lewat SMS")
    expect(history).not_to_contain_text("channel:")
    expect(page.get_by_label("Ubah status")).to_have_value("verified")  # the next step
    page.get_by_label("Perbaiki kategori").select_option("jalan")
    page.get_by_role("button", name="Perbaiki").click()
    expect(page.get_by_role("alert")).to_have_text("Tersimpan.")
    expect(history).to_contain_text("Diteruskan dari triase ke DPUPR. Catatan: sesuai kategori "
                                     "Jalan atau jembatan rusak")
    expect(page.locator("dl")).to_contain_text("DPUPR")
    page.get_by_label("Ubah status").select_option("resolved")
    page.get_by_label("Alasan atau catatan untuk pelapor").fill("Lubang sudah ditambal.")
    page.get_by_role("button", name="Simpan status").click()
    expect(page.get_by_role("button", name="Simpan status")).to_have_count(0)  # closed
    expect(page.get_by_role("button", name="Teruskan")).to_have_count(0)
    expect(page.get_by_role("button", name="Buka kembali")).to_be_visible()
    expect(page.get_by_role("button", name="Tambah catatan")).to_be_visible()
    ui.shot(page, "after-report-closed")
    page.get_by_role("link", name="English").click()
    expect(page.locator("dl")).to_contain_text("Received")
    expect(page.locator("dl")).not_to_contain_text("Sign in")
    expect(history).to_contain_text("Forwarded from triage to DPUPR")
    expect(page.get_by_role("button", name="Reopen")).to_be_visible()
    ui.shot(page, "after-report-closed-en")


def test_an_admin_adds_an_operator_who_must_choose_a_password_and_the_audit_shows_it(
        browser, site):
    page = browser.new_page(viewport=SCREEN)
    ui.sign_in(page, site, "root")
    page.get_by_role("link", name="Operator").click()
    add = page.locator("section.add-operator")
    add.locator("input[name=username]").fill("dlh-1")
    add.locator("select[name=role]").select_option("agency")
    add.locator("select[name=agency]").select_option("DLH")
    add.get_by_role("button", name="Tambah").click()
    temporary = page.locator("code.secret").inner_text()
    expect(page.locator('tr[data-username="dlh-1"]')).to_contain_text("harus ganti kata sandi")
    ui.shot(page, "after-admin-operators")
    ui.sign_out(page)
    ui.sign_in(page, site, "dlh-1", temporary)
    expect(page).to_have_url(re.compile(r".*/account/password$"))
    page.goto(f"{site}/queue")  # every page leads here first
    expect(page).to_have_url(re.compile(r".*/account/password$"))
    page.get_by_label("Kata sandi saat ini").fill(temporary)
    page.get_by_label("Kata sandi baru (paling sedikit 10 karakter)").fill("milik-dlh-sendiri")
    page.get_by_label("Ulangi kata sandi baru").fill("milik-dlh-sendiri")
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page).to_have_url(re.compile(r".*/queue$"))
    expect(page.get_by_role("alert")).to_have_text("Kata sandi Anda sudah diganti.")
    ui.sign_out(page)
    ui.sign_in(page, site, "root")
    page.get_by_role("link", name="Log audit").click()
    page.locator("select[name=what]").select_option("password_changed")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator("tr.entry")).to_have_count(1)
    expect(page.locator("tr.entry")).to_contain_text("dlh-1")
    page.locator("select[name=what]").select_option("")
    page.get_by_role("button", name="Terapkan").click()
    ui.shot(page, "after-admin-audit")
