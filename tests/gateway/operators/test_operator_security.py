"""The operators' pages against an attacker: guessing in parallel, replaying a cookie after
sign-out, probing usernames, framing, searching numbers they may not see, and odd query values
(hypothesis: never a 5xx)."""

from __future__ import annotations

import re
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gateway.operators.accounts import set_active, set_password
from gateway.operators.signin import MAX_FAILURES
from gateway.store import models
from tests import factories
from tests.conftest import OPERATOR_PASSWORD
from tests.pages import csrf_token, login


def test_parallel_guesses_reach_the_password_check_at_most_five_times(
        make_client, make_operators, database, monkeypatch):
    """PostgreSQL in CI, where the sign-ins really overlap: 30 guesses at once. Each attempt is
    counted atomically before its password is checked, so no more than MAX_FAILURES of them
    are checked; the rest are refused unread. Afterwards even the right password is refused."""
    from gateway.operators import signin

    make_operators("pusdalops:command-center")
    checked: list[str] = []
    real_check = signin.check_password_hash

    def counting_check(hashed: str, password: str) -> bool:
        checked.append(password)
        return real_check(hashed, password)

    monkeypatch.setattr(signin, "check_password_hash", counting_check)
    clients = [make_client() for _ in range(30)]
    tokens = [csrf_token(c) for c in clients]
    barrier = threading.Barrier(len(clients))
    answers: list[int] = []

    def attempt(client, token) -> None:
        barrier.wait(30)
        answers.append(client.post("/login", data={
            "username": "pusdalops", "password": "salah-salah-123",
            "csrf_token": token}).status_code)

    threads = [threading.Thread(target=attempt, args=pair)
               for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert answers == [401] * 30
    assert len(checked) <= MAX_FAILURES
    with database.readers() as session:
        counted = session.scalar(select(models.SignInFailures.failures).where(
            models.SignInFailures.key == "user:pusdalops|127.0.0.1"))
    assert counted > MAX_FAILURES
    assert login(make_client(), "pusdalops").status_code == 401  # locked, right password or not


def test_unknown_and_real_usernames_get_the_same_answers_all_the_way(make_client,
                                                                     make_operators):
    make_operators("pusdalops:command-center")
    real, unknown = make_client(), make_client()
    for _ in range(MAX_FAILURES):
        a = login(real, "pusdalops", "salah-salah-123")
        b = login(unknown, "tidak-ada-orang", "salah-salah-123")
        assert (a.status_code, _flash(a)) == (b.status_code, _flash(b))
    a, b = login(real, "pusdalops"), login(unknown, "tidak-ada-orang", OPERATOR_PASSWORD)
    assert (a.status_code, _flash(a)) == (b.status_code, _flash(b)) == (
        401, "Terlalu banyak percobaan masuk dari alamat ini. Silakan coba lagi nanti.")


def _flash(response) -> str:
    found = re.search(r'<p class="flash" role="alert">([^<]*)</p>',
                      response.get_data(as_text=True))
    return found.group(1) if found else ""


def session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_copied_cookie_opens_nothing_after_sign_out(make_client, make_operators):
    make_operators("pusdalops:command-center")
    client = make_client()
    login(client, "pusdalops")
    stolen = session_cookie(client)
    page = client.get("/queue").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/logout", data={"csrf_token": token})
    replay = make_client()
    replay.set_cookie("session", stolen)
    answer = replay.get("/queue")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_disabling_or_a_new_password_ends_every_session(make_client, make_operators,
                                                        database, clock):
    make_operators("pusdalops:command-center", "dlh:agency:DLH")
    first, second = make_client(), make_client()
    login(first, "pusdalops")
    login(second, "dlh")
    assert first.get("/queue").status_code == second.get("/queue").status_code == 200
    with database.session() as session:
        assert set_password(session, "pusdalops", "kata-sandi-baru-456", clock()) == 1
        assert set_active(session, "dlh", False, clock()) == 1
    assert first.get("/queue").status_code == second.get("/queue").status_code == 302
    assert login(make_client(), "pusdalops", "kata-sandi-baru-456").status_code == 302
    assert login(make_client(), "dlh").status_code == 401


def test_pages_forbid_framing_sniffing_inline_script_and_leaking_referrers(client):
    headers = client.get("/login").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_no_template_needs_inline_script_or_style(app):
    from pathlib import Path

    folder = Path(app.root_path) / "operators" / "templates"
    for template in folder.glob("*.html"):
        html = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), template.name
        assert not re.search(r"\sstyle=|\son[a-z]+=", html), template.name


def test_an_agency_operator_cannot_find_a_reporter_by_number(make_client, make_operators,
                                                             database, catalog, clock):
    make_operators("dlh:agency:DLH", "pusdalops:command-center")
    factories.report(database, catalog, clock(), "sms", "+6281299990000", category_code="sampah")
    agency = make_client()
    login(agency, "dlh")
    page = agency.get("/queue?q=081299990000").get_data(as_text=True)
    assert 'class="report"' not in page  # searched as words: no report text has them
    command = make_client()
    login(command, "pusdalops")
    assert 'class="report"' in command.get("/queue?q=081299990000").get_data(as_text=True)


def test_odd_query_and_form_values_never_fail(make_client, make_operators, database, catalog,
                                              clock):
    make_operators("pusdalops:command-center")
    ticket = factories.report(database, catalog, clock(), "sms", "+6281299990001",
                              category_code="sampah").ticket
    client = make_client()
    login(client, "pusdalops")
    for path in ("/queue?page=99999999999999999999", "/queue?page=-3", "/queue?q=%00",
                 "/queue/rows?after=99999999999999999999999", "/queue/rows?after=abc",
                 "/stats?from=0001-01-01&to=9999-12-31", "/stats.csv?from=2026-02-30",
                 "/queue?from=9999-12-31&to=0001-01-01&area=%00", "/calls", "/lang/xx"):
        assert client.get(path).status_code < 500, path
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post(f"/reports/{ticket}/note", data={
        "csrf_token": token, "note": "catatan", "session": "x", "now": "y", "operator": "z"})
    assert answer.status_code == 302
    with database.readers() as session:
        entry = session.scalar(select(models.AuditEntry).where(models.AuditEntry.action == "note"))
    assert entry.detail["session"] == "x" and entry.operator == "pusdalops"


PAGES = st.sampled_from(["/queue", "/queue/rows", "/stats", "/stats.csv", "/calls", "/",
                         "/reports/123456785", "/login"])
VALUES = st.one_of(st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
                   st.sampled_from(["9" * 40, "-1", "0001-01-01", "9999-12-31", "%", "_",
                                    "\\", "'", "2026-13-45", "1e400"]))


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(path=PAGES, query=st.dictionaries(
    st.sampled_from(["page", "q", "after", "from", "to", "status", "agency", "channel",
                     "area", "lang"]), VALUES, max_size=4))
def test_any_query_on_any_page_is_answered_without_failing(signed_in, path, query):
    assert signed_in.get(path, query_string=query).status_code < 500


@pytest.fixture
def signed_in(make_client, make_operators):
    make_operators("pusdalops:command-center")
    client = make_client()
    login(client, "pusdalops")
    return client
