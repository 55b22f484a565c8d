"""The gateway's own error pages: in the operator's language, with the menu and a way home;
webhooks keep their own answers."""

from __future__ import annotations

import pytest

from tests.pages import login


@pytest.fixture
def operators(make_operators):
    make_operators("pusdalops:command-center", "pimpinan:viewer")


def test_a_viewer_sent_to_the_queue_gets_a_page_that_leads_home(client, operators):
    response = login(client, "pimpinan")
    assert response.status_code == 302 and response.headers["Location"].endswith("/stats")
    response = client.get("/queue")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and response.mimetype == "text/html"
    assert "Halaman ini bukan untuk akun Anda" in page and "Forbidden" not in page
    assert 'href="/stats"' in page and "Kembali ke halaman utama" in page
    assert 'aria-label="Menu utama"' in page  # the menu is there


def test_not_found_and_bad_form_in_indonesian_and_in_english(client, operators):
    response = client.get("/tidak-ada")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Halaman tidak ditemukan" in page and "Not Found" not in page
    assert 'href="/login"' in page  # signed out: the way home is the sign-in
    login(client, "pusdalops")
    client.get("/lang/en", headers={"Referer": "http://localhost/queue"})
    response = client.post("/login", data={"username": "x"})  # no CSRF token
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The request could not be carried out" in page and 'lang="en"' in page
    assert "Bad Request" not in page


def test_a_server_error_is_logged_and_shown_as_a_page(app, client, operators, caplog):
    def broken() -> str:
        raise RuntimeError("boom")

    app.add_url_rule("/rusak", "broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the handler answers
    response = client.get("/rusak")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Terjadi kesalahan pada sistem" in page and "boom" not in page
    assert any("server error on GET /rusak" in r.getMessage() and r.exc_info
               for r in caplog.records)


def test_webhooks_keep_their_own_answers(client):
    response = client.post("/twilio/sms", data={"Body": "x"})  # no signature
    assert response.status_code == 403
    assert "Halaman ini bukan untuk akun Anda" not in response.get_data(as_text=True)
