"""The `lapor` CLI: exit status 0 on success, a one-line reason and non-zero on failure."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from gateway.cli.main import main
from gateway.reports.tickets import is_valid_ticket
from gateway.settings import PROJECT_ROOT
from gateway.store.recordings import RecordingRef
from tests import factories


def test_config_check_passes_on_shipped_config(run):
    result = run("config", "check")
    assert result.exit_code == 0
    assert "24 agencies, 27 areas, 20 categories" in result.output
    assert "24 desa boundaries" in result.output


def test_config_check_warns_when_signatures_depend_on_the_host_header(run, monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    result = run("config", "check")
    assert result.exit_code == 0
    assert "warning: PUBLIC_BASE_URL is not set" in result.output
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://lapor.batukota.go.id")
    result = run("config", "check")
    assert "PUBLIC_BASE_URL is not set" not in result.output
    assert "warning: TRUSTED_PROXIES is not set" in result.output


def test_config_check_lists_every_error_and_fails(run, monkeypatch, tmp_path):
    config = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config)
    broken = PROJECT_ROOT / "tests" / "data" / "broken" / "unknown_agency" / "categories.yaml"
    shutil.copy(broken, config / "categories.yaml")
    monkeypatch.setenv("CONFIG_DIR", str(config))
    result = run("config", "check")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1  # one line
    assert "invalid config (4 errors)" in result.output
    assert f"{config}/categories.yaml: categories[0].agency 'PUPRX'" in result.output


def test_bad_setting_stops_with_its_name(run, monkeypatch):
    monkeypatch.setenv("SMS_BACKEND", "pager")
    result = run("config", "check")
    assert result.exit_code == 1 and "SMS_BACKEND='pager'" in result.output


def test_operator_add_and_its_errors(run):
    ok = run("operator", "add", "--username", "urc-bpbd", "--password", "sangat-rahasia-1",
             "--role", "agency", "--agency", "bpbd")
    assert ok.exit_code == 0 and "operator urc-bpbd added" in ok.output
    again = run("operator", "add", "--username", "urc-bpbd", "--password", "sangat-rahasia-1",
                "--role", "agency", "--agency", "BPBD")
    assert again.exit_code == 1 and "already exists" in again.output
    unknown = run("operator", "add", "--username", "x", "--password", "sangat-rahasia-1",
                  "--role", "agency", "--agency", "DPKP")
    assert unknown.exit_code == 1 and "'DPKP' is not an agency code" in unknown.output
    short = run("operator", "add", "--username", "y", "--password", "pendek",
                "--role", "admin")
    assert short.exit_code == 1 and "at least 10 characters" in short.output


def test_commands_refuse_unmigrated_database(run, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/kosong.db")
    result = run("reports", "export", "--format", "json")
    assert result.exit_code == 1 and "run `lapor db upgrade`" in result.output
    upgraded = run("db", "upgrade")
    assert upgraded.exit_code == 0 and "database at revision" in upgraded.output
    assert run("reports", "export").exit_code == 0


@pytest.fixture
def two_reports(database, catalog, clock):
    factories.report(database, catalog, clock(), "voice", "+6281234567890",
                      category_code="bencana", call_sid="CA" + "d" * 32,
                      recording=RecordingRef("RE" + "d" * 32, "https://api.twilio.com/rec/RE1"))
    clock.advance(minutes=1)
    factories.report(database, catalog, clock(), "sms", "+6289876543210", category_code="jalan",
                     area_code="35.79.02.2001",
                     text='=HYPERLINK("http://x") jalan di Punten berlubang, "parah"\nmohon segera')


def test_export_json_has_the_contract_fields(run, two_reports):
    result = run("reports", "export", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) == 2
    first, second = rows
    for field in ("ticket", "channel", "status", "category", "agency", "area_code",
                  "created_at", "text", "reporter", "language"):
        assert field in first
    assert is_valid_ticket(first["ticket"])
    assert first["channel"] == "voice" and first["agency"] == "BPBD"
    assert first["reporter"] == "+6281234567890" and first["language"] == "id"
    assert first["created_at"] == "2026-11-02T01:30:00+00:00"
    assert second["area_code"] == "35.79.02.2001" and second["agency"] == "PUPR"


def test_export_csv_opens_cleanly_in_a_spreadsheet(run, two_reports):
    result = run("reports", "export", "--format", "csv")
    assert result.exit_code == 0
    assert result.output.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.output.lstrip("\ufeff"), newline="")))
    assert len(rows) == 2
    assert rows[0]["reporter"] == "'+6281234567890"  # kept as text, not turned into a number
    assert rows[1]["text"].startswith("'=HYPERLINK")  # never runs as a formula
    assert "\nmohon segera" in rows[1]["text"]
    assert b"\r\n" in result.stdout_bytes


def test_flows_check_passes_on_shipped_flows(run):
    result = run("flows", "check")
    assert result.exit_code == 0 and "flow hotline ok" in result.output


def test_flows_check_points_at_the_broken_node(run):
    broken = PROJECT_ROOT / "tests" / "data" / "flows" / "broken" / "unknown_target.yaml"
    result = run("flows", "check", str(broken))
    assert result.exit_code == 1
    assert f"{broken}: nodes.menu.options[0].next 'desa_x' is not a node" in result.output
    assert "1 error(s) in flow files" in result.output


def test_route_explains_one_text(run):
    result = run("route", "jln rusak berlubang dkt SD Punten")
    assert result.exit_code == 0 and result.output.startswith("PUPR, keyakinan")


def test_route_json_one_object_per_line_from_stdin(settings_env, monkeypatch, tmp_path, database):
    monkeypatch.chdir(tmp_path)
    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["route", "--json"],
                                input="sampah numpuk di Temas\nhalo\nlistrik padam\n")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [d["agency"] for d in lines] == ["DLH", None, "PLN"]
    assert [d["external"] for d in lines] == [False, False, True]
    assert all({"agency", "confidence", "external", "explanation"} <= set(d) for d in lines)


def test_prompts_list_names_the_advice_library_and_demo_farming_loads_once(run, database):
    listed = run("prompts", "list", "--missing")
    assert listed.exit_code == 0
    lines = [line.split("\t") for line in listed.output.splitlines()]
    assert any(lang == "jv" and pid.startswith("advice.") and pid.endswith(".title")
               for lang, pid, *_ in lines)  # the library's items are rendered with the prompts
    assert any(pid == "digit_9" for _lang, pid, *_ in lines)
    first = run("dev", "demo-farming")
    assert first.exit_code == 0 and "20 farmers" in first.output
    assert first.output.count("officer login: ") == 3
    again = run("dev", "demo-farming")
    assert "0 farmers" in again.output and "officer login" not in again.output
