"""No secret in any log line or database column, and no full phone number in any log line.

The main paths run with known secret values: texts over Twilio and Kannel, a call, an operator
signing in, the worker failing to reach Kannel (whose sendsms URL carries the password), and
`lapor run` serving Kannel (whose request line carries the shared secret). Then everything the
logs received and every text value in the database is searched for them.
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import time
import urllib.request
from dataclasses import replace

import pytest
from sqlalchemy import select

from gateway.logs import configure_logging
from gateway.providers.kannel.sendsms import KannelSender
from gateway.settings import load_settings
from gateway.store.models import Base
from tests import factories
from tests.caller import Caller
from tests.pages import login
from tests.servers import BIN, free_port, wait_healthy

SECRETS = {"SECRET_KEY": "s3cret-key-AAAAAAAAAAAAAAAA", "KANNEL_PASSWORD": "kannel-pw-BBBBBB",
           "KANNEL_SECRET": "kannel-shared-CCCCCC"}
OPERATOR_PASSWORD = "operator-pw-DDDDDD"
NUMBERS = ("+6281234567890", "6281298765432", "081211112222")


@pytest.fixture
def logged():
    """Everything the root logger writes, through the gateway's own formatter."""
    stream = io.StringIO()
    yield stream


def full_numbers_in(text: str) -> list[str]:
    digits = [n.lstrip("+").lstrip("0") for n in NUMBERS]
    return [d for d in digits if d[-9:] in text]


def test_main_paths_leave_no_secret_in_logs_or_database(settings_env, make_client, runtime,
                                                        database, catalog, clock, logged,
                                                        tmp_path):
    from tests.conftest import AUTH_TOKEN

    env = {**settings_env, **SECRETS, "SMS_BACKEND": "kannel", "KANNEL_USERNAME": "lapor",
           "KANNEL_SENDSMS_URL": f"http://127.0.0.1:{free_port()}/cgi-bin/sendsms",
           "KANNEL_CALLBACK_URL": "http://127.0.0.1:8000", "LOG_LEVEL": "DEBUG"}
    settings = load_settings(env, ())
    configure_logging("DEBUG", settings)
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_lapor", False))
    previous = handler.setStream(logged)
    try:
        client = make_client(**{k: v for k, v in env.items() if k in SECRETS})
        caller = Caller(_signed(client, AUTH_TOKEN), "CA" + "7" * 32, from_number=NUMBERS[0])
        caller.dial()
        for key in ("1", "1", "3", "2", "1"):
            caller.press(key)
        caller.record("RE" + "7" * 32)
        caller.press("1")
        _signed(client, AUTH_TOKEN)("/twilio/sms", {
            "MessageSid": "SM" + "7" * 32, "From": NUMBERS[0], "To": "+62341512178",
            "Body": "LAPOR sampah di Temas", "NumMedia": "0"})
        assert client.get("/kannel/incoming", query_string={
            "secret": SECRETS["KANNEL_SECRET"], "from": NUMBERS[1], "to": "1708",
            "text": "LAPOR jalan rusak di Sisir", "id": "k-1"}).status_code == 200
        from gateway.operators.accounts import add_operator

        with database.session() as session:
            add_operator(session, "pusdalops", OPERATOR_PASSWORD, "command-center", None, clock())
        login(client, "pusdalops", OPERATOR_PASSWORD)
        login(client, "pusdalops", OPERATOR_PASSWORD + "-wrong")
        factories.worker(replace(runtime, settings=settings), KannelSender(settings)).run_once()
    finally:
        handler.setStream(previous)
    text = logged.getvalue()
    # Each path left its lines: the call, the texts, the sign-ins, the worker's failure.
    for line in ("incoming call=", "message SM" + "7" * 32, "message k-1",
                 "operator pusdalops signed in", "failed sign-in", "kannel unreachable"):
        assert line in text, line
    for name, value in [*SECRETS.items(), ("operator password", OPERATOR_PASSWORD),
                        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN)]:
        assert value not in text, f"{name} in the logs"
    assert full_numbers_in(text) == []
    stored = _database_text(database)
    for name, value in [*SECRETS.items(), ("operator password", OPERATOR_PASSWORD)]:
        assert value not in stored, f"{name} in the database"


def _signed(client, token):
    from twilio.request_validator import RequestValidator

    def post(path, data):
        signature = RequestValidator(token).compute_signature("http://localhost" + path, data)
        return client.post(path, data=dict(data), headers={"X-Twilio-Signature": signature})

    return post


def _database_text(database) -> str:
    """Every value of every table, as text."""
    parts: list[str] = []
    with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(select(table)):
                parts.extend(str(value) for value in row)
    return "\n".join(parts)


def test_lapor_run_logs_kannel_requests_without_the_secret(settings_env, database, tmp_path):
    port = free_port()
    env = {**os.environ, **settings_env, **SECRETS, "LOG_LEVEL": "INFO"}
    server = subprocess.Popen([str(BIN / "lapor"), "run", "--port", str(port)], env=env,
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_healthy(port, server)
        query = (f"secret={SECRETS['KANNEL_SECRET']}&from=%2B6281234567890&to=1708&"
                 "text=LAPOR+sampah+di+Temas&id=k-run-1")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/kannel/incoming?{query}") as r:
            assert r.status == 200
        time.sleep(0.3)
    finally:
        server.terminate()
        output = server.communicate(timeout=15)[0].decode(errors="replace")
    assert "/kannel/incoming" in output  # the request line is logged...
    assert SECRETS["KANNEL_SECRET"] not in output and "secret=***" in output  # ...redacted
    assert "6281234567890" not in output
