"""The gateway really serves over HTTP: `lapor run` and gunicorn on `gateway:create_app()`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from twilio.request_validator import RequestValidator

from gateway.app import create_app
from gateway.db import Database
from tests.conftest import AUTH_TOKEN

BIN = Path(sys.executable).parent


def test_healthz_is_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_database_is_unreachable(runtime):
    app = create_app(runtime=runtime)
    unreachable = Database("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")
    app.extensions["lapor"] = replace(runtime, db=unreachable)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited early: {process.stdout.read().decode()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise AssertionError("server did not become healthy in time")


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
