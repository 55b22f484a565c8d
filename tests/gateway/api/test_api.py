"""The JSON API: bearer tokens per operator or system with the pages' role and agency rules,
reports with filters, events after a cursor, status actions; its OpenAPI document is checked
against the running app by schemathesis in `test_openapi.py`."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from gateway.cli.main import main
from gateway.store import api_tokens, models
from tests import factories


def make_token(database, clock, name, role, agency=None, operator_id=None) -> dict[str, str]:
    with database.transaction() as connection:
        token = api_tokens.create(connection, name, role, agency, operator_id, clock())
    return {"Authorization": f"Bearer {token}"}


def test_tokens_see_what_their_role_sees(client, database, catalog, rules, clock):
    factories.text(database, catalog, rules, clock(), "+6281234500100",
                   "LAPOR jalan berlubang besar di Punten", "SM" + "1" * 32)
    factories.text(database, catalog, rules, clock(), "+6281234500101",
                   "sampah numpuk di Temas", "SM" + "2" * 32)
    center = make_token(database, clock, "system:portal", "command-center")
    pupr = make_token(database, clock, "system:pupr-app", "agency", "PUPR")
    assert client.get("/api/v1/reports").status_code == 401
    assert client.get("/api/v1/reports", headers={"Authorization": "Bearer nope"}
                      ).status_code == 401
    everything = client.get("/api/v1/reports", headers=center).json["reports"]
    assert sorted(r["agency"] for r in everything) == ["DLH", "PUPR"]
    own = client.get("/api/v1/reports", headers=pupr).json["reports"]
    assert [r["agency"] for r in own] == ["PUPR"]
    assert own[0]["reporter"] != "+6281234500100"  # an agency sees numbers masked
    dlh_ticket = next(r["ticket"] for r in everything if r["agency"] == "DLH")
    assert client.get(f"/api/v1/reports/{dlh_ticket}", headers=pupr).status_code == 404
    assert client.get(f"/api/v1/reports/{dlh_ticket}", headers=center).json["agency"] == "DLH"
    assert client.get("/api/v1/reports?status=new&size=1", headers=center).json[
        "reports"][0]["status"] == "new"
    assert client.get("/api/v1/reports?size=0", headers=center).status_code == 400


def test_a_status_action_follows_the_pages_rules_and_shows_in_the_events(
        client, database, catalog, rules, clock, db_session):
    factories.text(database, catalog, rules, clock(), "+6281234500102",
                   "LAPOR jalan berlubang besar di Punten", "SM" + "3" * 32)
    ticket = db_session.scalar(select(models.Report.ticket))
    pupr = make_token(database, clock, "system:pupr-app", "agency", "PUPR")
    viewer = make_token(database, clock, "system:dashboard", "viewer")
    start = client.get("/api/v1/events", headers=pupr).json
    cursor = start["cursor"]
    assert [e["action"] for e in start["events"]][:2] == ["created", "routed"]
    assert client.post(f"/api/v1/reports/{ticket}/status", json={"status": "resolved"},
                       headers=viewer).status_code == 403
    refused = client.post(f"/api/v1/reports/{ticket}/status", json={"status": "verified"},
                          headers=pupr)
    assert refused.status_code == 409 and refused.json["error"]
    done = client.post(f"/api/v1/reports/{ticket}/status",
                       json={"status": "in_progress", "reason": "tim berangkat"}, headers=pupr)
    assert done.status_code == 200 and done.json["status"] == "in_progress"
    after = client.get(f"/api/v1/events?after={cursor}", headers=pupr).json
    assert [(e["action"], e["to_status"]) for e in after["events"]] == [
        ("status", "in_progress")]
    assert after["events"][0]["actor"] == "operator:system:pupr-app"
    assert client.get(f"/api/v1/events?after={after['cursor']}", headers=pupr).json[
        "events"] == []
    assert client.post(f"/api/v1/reports/{ticket}/status", data="x", headers=pupr
                       ).status_code == 400


def test_an_operators_token_follows_the_account(settings_env, monkeypatch, tmp_path, client,
                                                 make_operators, database):
    make_operators("dlh:agency:DLH")
    monkeypatch.chdir(tmp_path)
    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    made = CliRunner().invoke(main, ["api-token", "add", "--operator", "dlh"])
    assert made.exit_code == 0, made.output
    headers = {"Authorization": f"Bearer {made.output.strip().splitlines()[-1]}"}
    assert client.get("/api/v1/reports", headers=headers).status_code == 200
    listed = CliRunner().invoke(main, ["api-token", "list"]).output
    assert "operator:dlh" in listed and "DLH" in listed
    CliRunner().invoke(main, ["operator", "disable", "--username", "dlh"])
    assert client.get("/api/v1/reports", headers=headers).status_code == 401
    assert CliRunner().invoke(main, ["api-token", "add", "--system", "x"]).exit_code == 1
    system = CliRunner().invoke(main, ["api-token", "add", "--system", "dasbor", "--role",
                                       "viewer"])
    viewer = {"Authorization": f"Bearer {system.output.strip().splitlines()[-1]}"}
    assert client.get("/api/v1/events", headers=viewer).status_code == 200
    gone = CliRunner().invoke(main, ["api-token", "disable", "--name", "system:dasbor"])
    assert gone.exit_code == 0 and "disabled" in gone.output
    assert client.get("/api/v1/events", headers=viewer).status_code == 401
    assert "no token named" in CliRunner().invoke(
        main, ["api-token", "disable", "--name", "naga"]).output


def test_errors_on_the_machine_paths_are_json_never_a_page(client, database, clock):
    center = make_token(database, clock, "system:portal", "command-center")
    missing = client.get("/api/v1/nothing-here", headers=center)
    assert missing.status_code == 404 and missing.is_json and missing.json["error"]
    nul = client.get("/api/v1/reports?agency=%00", headers=center)
    assert nul.status_code == 400 and nul.is_json
    wrong = client.delete("/api/v1/reports", headers=center)
    assert wrong.status_code == 405 and wrong.is_json
    open311 = client.get("/open311/v2/nothing.json")
    assert open311.status_code == 404 and open311.json[0]["code"] == 404
    assert "<html" in client.get("/no-such-page").get_data(as_text=True)  # pages stay pages
