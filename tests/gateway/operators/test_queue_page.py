"""The queue page: sign-in with CSRF, newest reports first, agency scoping, lockout."""

from __future__ import annotations

import re

import pytest

from gateway.operators.signin import MAX_FAILURES
from tests import factories
from tests.caller import Caller
from tests.pages import PASSWORD, login, login_from


@pytest.fixture
def operators(make_operators):
    make_operators("pusdalops:command-center", "bpbd:agency:BPBD", "pimpinan:viewer")


def file_report(database, catalog, clock, category: str, reporter: str, text: str) -> str:
    return factories.report(database, catalog, clock(), "sms", reporter,
                            category_code=category, text=text).ticket


def test_queue_needs_sign_in(client):
    response = client.get("/queue")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_login_without_csrf_token_is_refused(client, operators):
    response = client.post("/login", data={"username": "pusdalops", "password": PASSWORD})
    assert response.status_code == 400


def test_phone_report_appears_on_queue_after_login(client, signed_post, operators, db_session):
    caller = Caller(signed_post, "CA" + "c" * 32)
    caller.dial()
    for key in ("1", "1", "3", "2", "1"):  # Indonesian, new report, disaster, Bumiaji, Punten
        caller.press(key)
    caller.record("RE" + "c" * 32)
    caller.press("1")  # send
    ticket = re.search(r"(\d) (\d) (\d), (\d) (\d) (\d), (\d) (\d) (\d)",
                       " ".join(e.text or "" for e in caller.twiml.iter("Say")))
    ticket = "".join(ticket.groups())

    response = login(client, "pusdalops")
    assert response.status_code == 302 and response.headers["Location"] == "/queue"
    page = client.get("/queue").get_data(as_text=True)
    row = re.search(rf'<tr class="report" data-id="\d+" data-ticket="{ticket}">(.*?)</tr>',
                    page, re.S)
    assert row, page
    cells = [re.sub(r"<[^>]+>", "", c).strip()
             for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
    assert cells[0] == ticket
    assert cells[1] == "02/11/2026 08:30"  # 01:30 UTC shown in WIB
    assert cells[2] == "0 mnt"
    assert cells[3].startswith("Telepon")
    assert cells[4] == "Bencana, longsor, banjir, atau pohon tumbang"
    assert cells[5] == "Punten"
    assert cells[6] == "BPBD" and cells[7] == "Baru" and cells[8] == "Darurat"
    assert cells[9] == "1 jam lagi"  # to acknowledge
    assert cells[10] == "+6281234567890"
    assert "ditangani BPBD" in cells[11]  # the routing reason, for phone reports too


def test_queue_lists_newest_first(client, operators, database, catalog, clock):
    older = file_report(database, catalog, clock, "sampah", "+6281111111111", "sampah numpuk")
    clock.advance(minutes=5)
    newer = file_report(database, catalog, clock, "jalan", "+6282222222222", "jalan berlubang")
    login(client, "pusdalops")
    page = client.get("/queue").get_data(as_text=True)
    assert page.index(newer) < page.index(older)


def test_agency_operator_sees_only_own_agency_with_masked_numbers(
    client, operators, database, catalog, clock
):
    mine = file_report(database, catalog, clock, "bencana", "+6281234567890", "longsor di Brau")
    other = file_report(database, catalog, clock, "sampah", "+6281111111111", "sampah")
    login(client, "bpbd")
    page = client.get("/queue").get_data(as_text=True)
    assert mine in page and other not in page
    assert "+62812*****890" in page and "+6281234567890" not in page


def test_viewer_cannot_open_queue(client, operators):
    login(client, "pimpinan")
    assert client.get("/queue").status_code == 403


def test_repeated_failed_logins_lock_the_account_from_that_address(client, make_client,
                                                                   operators, clock):
    for _ in range(MAX_FAILURES):
        response = login(client, "pusdalops", "salah-kata-sandi")
        assert response.status_code == 401
        assert "salah" in response.get_data(as_text=True)
    response = login(client, "pusdalops")  # right password, too many attempts
    assert response.status_code == 401
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
    # The operator at another desk is not locked out by someone else's guesses.
    elsewhere = make_client()
    assert login_from(elsewhere, "pusdalops", "10.0.0.7").status_code == 302
    clock.advance(minutes=2)  # the first lock is a minute; it grows with more attempts
    assert login(client, "pusdalops").status_code == 302


def test_logout_needs_csrf_and_ends_session(client, operators):
    login(client, "pusdalops")
    assert client.post("/logout").status_code == 400
    page = client.get("/queue").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/queue").status_code == 302


def test_unknown_user_gets_the_same_answer_as_wrong_password(client, operators):
    unknown = login(client, "tidak-ada", "apa-saja-12345")
    wrong = login(client, "pusdalops", "apa-saja-12345")
    assert unknown.status_code == wrong.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in unknown.get_data(as_text=True)



def test_sms_report_shows_its_routing_reason(client, operators, database, catalog, rules, clock):
    factories.text(database, catalog, rules, clock(), "+6281234567890",
                   "LAPOR sampah numpuk di Temas", "SM" + "f" * 32)
    login(client, "pusdalops")
    page = client.get("/queue").get_data(as_text=True)
    assert '<td class="reason" title="DLH (4): sampah.">DLH (4): sampah.</td>' in page


def test_english_switch(client, operators):
    login(client, "pusdalops")
    assert "Antrean laporan" in client.get("/queue").get_data(as_text=True)
    client.get("/lang/en", headers={"Referer": "http://localhost/queue"})
    page = client.get("/queue").get_data(as_text=True)
    assert "Report queue" in page and "Sign out" in page and "Routing reason" in page
    client.get("/lang/id")
    assert "Antrean laporan" in client.get("/queue").get_data(as_text=True)


def test_a_search_without_results_says_so_unlike_an_empty_queue(client, operators, database,
                                                                 catalog, clock):
    login(client, "pusdalops")
    assert "Belum ada laporan di antrean ini." in client.get("/queue").get_data(as_text=True)
    file_report(database, catalog, clock, "jalan", "+6281234500001", "jalan rusak di Sisir")
    page = client.get("/queue?q=kebakaran").get_data(as_text=True)
    assert "Tidak ada laporan yang sesuai dengan pencarian atau saringan ini." in page
    assert "Belum ada laporan di antrean ini." not in page
