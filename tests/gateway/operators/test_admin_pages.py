"""The admins' pages: operators (add with a temporary password, disable, reset, unlock, change
role and agency), the audit log with filters and CSV, and the password an admin set changed
at the first sign-in. `lapor operator list|unlock|reset-password` do the same from the CLI."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from gateway.cli.main import main
from gateway.operators.signin import MAX_FAILURES
from tests.pages import PASSWORD, login, login_from


@pytest.fixture
def operators(make_operators):
    make_operators("root:admin", "pusdalops:command-center", "pupr:agency:PUPR")


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def post(client, url: str, **data: str):
    page = client.get("/admin/operators").get_data(as_text=True)
    return client.post(url, data={"csrf_token": token(page), **data})


def handed_over(page: str) -> str:
    return re.search(r'<code class="secret">([^<]+)</code>', page).group(1)


def test_only_admins_open_the_admin_pages(client, operators):
    login(client, "pusdalops")
    for url in ("/admin/operators", "/admin/audit", "/admin/audit.csv"):
        assert client.get(url).status_code == 403
    assert "/admin/operators" not in client.get("/queue").get_data(as_text=True)


def test_an_added_operator_signs_in_with_the_temporary_password_then_chooses_their_own(
        client, make_client, operators):
    login(client, "root")
    page = post(client, "/admin/operators", username="dlh-1", role="agency",
                agency="DLH").get_data(as_text=True)
    temporary = handed_over(page)
    assert 'data-username="dlh-1"' in page and "harus ganti kata sandi" in page
    newcomer = make_client()
    assert login(newcomer, "dlh-1", temporary).status_code == 302
    moved = newcomer.get("/queue")  # every page leads to the password form first
    assert moved.status_code == 302 and moved.headers["Location"].endswith("/account/password")
    form = newcomer.get("/account/password").get_data(as_text=True)
    assert "pilih kata sandi Anda sendiri" in form

    def choose(current: str, new: str, repeat: str):
        return newcomer.post("/account/password", data={
            "csrf_token": token(form), "current": current, "new": new, "repeat": repeat})

    choose("salah-sekali-123", "sandi-baru-milik-dlh", "sandi-baru-milik-dlh")
    assert "Kata sandi saat ini salah." in newcomer.get("/account/password").get_data(True)
    choose(temporary, "sandi-baru-milik-dlh", "sandi-lain-milik-dlh")
    assert "tidak sama" in newcomer.get("/account/password").get_data(as_text=True)
    done = choose(temporary, "sandi-baru-milik-dlh", "sandi-baru-milik-dlh")
    assert done.status_code == 302 and done.headers["Location"].endswith("/queue")
    assert newcomer.get("/queue").status_code == 200  # the same session goes on
    other = make_client()
    assert login(other, "dlh-1", temporary).status_code == 401
    assert login(other, "dlh-1", "sandi-baru-milik-dlh").status_code == 302
    assert other.get("/queue").status_code == 200


def test_disable_reset_unlock_and_role_take_effect_at_once(client, make_client, operators):
    login(client, "root")
    desk = make_client()
    login(desk, "pupr")
    assert desk.get("/calls").status_code == 403  # an agency operator
    post(client, "/admin/operators/pupr/role", role="command-center", agency="")
    assert desk.get("/calls").status_code == 200  # the next request has the new role
    post(client, "/admin/operators/pupr/disable")
    assert desk.get("/queue").status_code == 302  # signed out on the server
    assert login(make_client(), "pupr").status_code == 401
    post(client, "/admin/operators/pupr/enable")
    reset = handed_over(post(client, "/admin/operators/pupr/reset").get_data(as_text=True))
    assert login(make_client(), "pupr").status_code == 401  # the old password is gone
    fresh = make_client()
    login(fresh, "pupr", reset)
    assert fresh.get("/queue").headers["Location"].endswith("/account/password")

    for _ in range(MAX_FAILURES + 1):
        login_from(make_client(), "pusdalops", "10.9.9.9", "salah-salah-salah")
    locked = make_client()
    assert login_from(locked, "pusdalops", "10.9.9.9").status_code == 401
    assert "Terkunci" in client.get("/admin/operators").get_data(as_text=True)
    post(client, "/admin/operators/pusdalops/unlock")
    assert login_from(locked, "pusdalops", "10.9.9.9").status_code == 302
    refused = post(client, "/admin/operators/root/disable")
    assert refused.status_code == 302
    assert "akun Anda sendiri" in client.get("/admin/operators").get_data(as_text=True)


def test_bad_changes_are_refused_in_words(client, operators):
    login(client, "root")
    for data in ({"username": "pupr", "role": "viewer"}, {"username": "x y", "role": "viewer"},
                 {"username": "baru", "role": "agency"}, {"username": "baru", "role": "raja"}):
        post(client, "/admin/operators", **data)
        page = client.get("/admin/operators").get_data(as_text=True)
        assert re.search(r'class="flash" role="alert">[^<]+', page), data
    assert 'data-username="baru"' not in client.get("/admin/operators").get_data(as_text=True)
    assert client.post("/admin/operators/pupr/explode", data={}).status_code in (400, 404)


def test_the_audit_log_filters_by_who_what_when_and_where_and_downloads(client, operators):
    login(client, "root")
    post(client, "/admin/operators", username="dishub-1", role="agency", agency="DISHUB")
    post(client, "/admin/operators/pupr/disable")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "operator_added" in page and "operator_disable" in page
    only = client.get("/admin/audit?what=operator_disable").get_data(as_text=True)
    assert "operator_disable" in only and "dishub-1" not in only
    assert "operator_added" in client.get("/admin/audit?who=root").get_data(as_text=True)
    assert "Tidak ada catatan" in client.get("/admin/audit?who=pupr").get_data(as_text=True)
    assert "Tidak ada catatan" in client.get("/admin/audit?where=10.").get_data(as_text=True)
    assert "operator_added" in client.get("/admin/audit?where=127.").get_data(as_text=True)
    assert "Tidak ada catatan" in client.get("/admin/audit?to=2000-01-01").get_data(True)
    assert client.get("/admin/audit?page=x&from=zz").status_code == 200
    rows = list(csv.reader(io.StringIO(
        client.get("/admin/audit.csv?what=operator_added").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["waktu_wib", "operator", "tindakan"]
    assert [r[1:4] for r in rows[1:]] == [["root", "operator_added", "dishub-1"]]


@pytest.fixture
def run(settings_env, monkeypatch, tmp_path, database):
    monkeypatch.chdir(tmp_path)
    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    return lambda *args: CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_cli_lists_unlocks_and_resets(run, make_client, operators, clock):
    clock.advance(seconds=(datetime.now(UTC) - clock()).total_seconds())  # the CLI's time
    added = run("operator", "add", "--username", "dinkes-1", "--password", "sementara-123",
                "--role", "agency", "--agency", "DINKES")
    assert added.exit_code == 0 and "choose their own password" in added.output
    for _ in range(MAX_FAILURES + 1):
        login_from(make_client(), "pupr", "10.2.2.2", "salah-salah-salah")
    listed = run("operator", "list").output
    line = next(row for row in listed.splitlines() if row.startswith("pupr "))
    assert "agency" in line and "PUPR" in line and "locked" in line
    assert "must change password" in next(r for r in listed.splitlines()
                                          if r.startswith("dinkes-1"))
    assert "cleared" in run("operator", "unlock", "--username", "pupr").output
    assert login_from(make_client(), "pupr", "10.2.2.2", PASSWORD).status_code == 302
    reset = run("operator", "reset-password", "--username", "pupr")
    temporary = re.search(r"temporary password (\S+)", reset.output).group(1)
    fresh = make_client()
    assert login(fresh, "pupr", temporary).status_code == 302
    assert fresh.get("/queue").headers["Location"].endswith("/account/password")
    missing = run("operator", "reset-password", "--username", "nobody")
    assert missing.exit_code == 1 and "does not exist" in missing.output
