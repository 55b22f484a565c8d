"""The gateway really serves over HTTP: `lapor run` and gunicorn on `gateway:create_app()`."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import replace

import pytest
from twilio.request_validator import RequestValidator

from gateway.app import create_app
from gateway.reports.tickets import is_valid_ticket
from gateway.store.database import Database
from tests.conftest import AUTH_TOKEN
from tests.servers import BIN, free_port, lapor_run, wait_healthy


def test_healthz_is_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_database_is_unreachable(runtime):
    app = create_app(runtime=runtime)
    unreachable = Database("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")
    app.extensions["lapor"] = replace(runtime, db=unreachable)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def signed_call(port: int) -> str:
    url = f"http://127.0.0.1:{port}/twilio/voice"
    params = {"CallSid": "CA" + "e" * 32, "From": "+6281234567890", "To": "+62341512178"}
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(params).encode(), method="POST",
        headers={"X-Twilio-Signature": RequestValidator(AUTH_TOKEN).compute_signature(url, params)},
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        assert reply.headers.get_content_type() == "text/xml"
        return reply.read().decode()


@pytest.mark.parametrize("server", ["lapor run", "gunicorn"])
def test_server_answers_health_and_a_signed_call(server, settings_env, tmp_path, database):
    port = free_port()
    command = (
        [str(BIN / "lapor"), "run", "--port", str(port)] if server == "lapor run"
        else [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2",
              "gateway:create_app()"]
    )
    env = {**os.environ, **settings_env}
    process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        wait_healthy(port, process)
        twiml = signed_call(port)
        assert "<Gather" in twiml and 'language="id-ID"' in twiml
    finally:
        process.terminate()
        process.wait(timeout=15)
        assert process.stdout is not None
        process.stdout.close()


SCRIPTS = {
    # language key, new report, category (disaster), kecamatan Bumiaji, desa Punten, record, send
    "id": "1,1,3,2,1,rec:15,1,-",
    # Javanese: roads, Batu, Sisir; silence once at the recording, then record
    "jv": "2,1,1,1,4,-,rec,1,-",
    # English: more categories, water; district unknown
    "en": "3,1,5,3,4,rec,1,1,-",
}
EXPECTED = {
    "id": ("bencana", "35.79.02.2001", "BPBD"),
    "jv": ("jalan", "35.79.01.1004", "PUPR"),
    "en": ("air_bersih", None, "PERUMDA_AIR"),
}


def test_simulated_calls_in_three_languages_reach_the_export(settings_env, tmp_path, database):
    with lapor_run(settings_env, tmp_path) as (port, env):
        for index, keys in enumerate(SCRIPTS.values()):
            number = f"+62812000000{index}"
            done = subprocess.run(
                [str(BIN / "lapor"), "simulate", "call", "--url", f"http://127.0.0.1:{port}",
                 "--from", number, "--keys", keys],
                env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
            )
            assert done.returncode == 0, done.stdout + done.stderr
            assert "call ended" in done.stdout
            assert "  < " in done.stdout and "  > rec" in done.stdout
        exported = subprocess.run([str(BIN / "lapor"), "reports", "export", "--format", "json"],
                                  env=env, cwd=tmp_path, capture_output=True, text=True,
                                  timeout=60)
        rows = {row["reporter"]: row for row in json.loads(exported.stdout)}
        for index, language in enumerate(SCRIPTS):
            row = rows[f"+62812000000{index}"]
            assert row["language"] == language and row["channel"] == "voice"
            assert (row["category"], row["area_code"], row["agency"]) == EXPECTED[language]
            assert is_valid_ticket(row["ticket"])


def test_simulator_reports_a_gateway_it_cannot_reach(settings_env, tmp_path):
    env = {**os.environ, **settings_env}
    done = subprocess.run(
        [str(BIN / "lapor"), "simulate", "call", "--url", f"http://127.0.0.1:{free_port()}",
         "--keys", "1"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "cannot reach the gateway" in done.stderr


def test_simulated_sms_prints_the_queued_reply(settings_env, tmp_path, database):
    with lapor_run(settings_env, tmp_path) as (port, env):

        def text(body: str, *url: str, **extra: str) -> str:
            done = subprocess.run(
                [str(BIN / "lapor"), "simulate", "sms", *url, "--from", "081255550001", body],
                env={**env, **extra}, cwd=tmp_path, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stdout + done.stderr
            return done.stdout

        # No --url: the simulator finds the port `lapor run` serves on (not the default 5000).
        assert port != 5000
        first = text("sampah numpuk di pinggir jalan")
        assert first.startswith("> sampah numpuk") and "Di desa/kelurahan mana" in first
        assert "Kec. Bumiaji? Balas angka: 1 Punten" in text(
            "2", LAPOR_URL=f"http://127.0.0.1:{port}")
        assert "dicatat: Sumbergondo." in text("4", "--url", f"http://127.0.0.1:{port}")
