"""Nothing lost when PostgreSQL goes away: a server of the test's own is stopped and started
under a running gateway (Flask test client, real connection pool).

- A restart between requests: the first request after it succeeds (the pool replaces the dead
  connections before using them).
- An SMS while the database is down is answered 200 and spooled; once the database is back the
  worker's replay files it once, and a second replay changes nothing.
- A call whose last steps (the confirming key, then the `completed` status callback) arrive while
  the database is down: the caller hears the apology, and after recovery the report is filed
  with its recording and the call is completed.
"""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select, text

from gateway.app import create_app
from gateway.providers.replay import replay
from gateway.providers.spool import spool_of
from gateway.runtime import Runtime
from gateway.settings import load_settings
from gateway.store import models
from gateway.store.database import Database
from gateway.store.reference import sync_reference
from tests import factories
from tests.caller import Caller, spoken
from tests.pg_instance import PrivatePostgres

_databases = itertools.count(1)


@pytest.fixture(scope="module")
def postgres():
    server = PrivatePostgres()
    yield server
    server.close()


@pytest.fixture
def gateway(postgres, settings_env, catalog, flows, rules, clock):
    """A gateway on a fresh database of the private server; yields (runtime, signed_post)."""
    name = f"faults{next(_databases)}"
    admin = Database(postgres.url)
    with admin.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = postgres.url.replace("/lapor?", f"/{name}?")
    settings = load_settings({**settings_env, "DATABASE_URL": url}, ())
    database = Database(settings.DATABASE_URL)
    database.upgrade()
    with database.session() as session:
        sync_reference(session, catalog)
    rt = Runtime(settings, database, catalog, flows, rules, clock=clock)
    client = create_app(runtime=rt).test_client()

    def signed_post(path, data, **kwargs):
        from twilio.request_validator import RequestValidator

        from tests.conftest import AUTH_TOKEN

        signature = RequestValidator(AUTH_TOKEN).compute_signature("http://localhost" + path,
                                                                   data)
        return client.post(path, data=data, headers={"X-Twilio-Signature": signature},
                           **kwargs)

    yield rt, signed_post
    database.dispose()


def sms(signed_post, sid: str, body: str, sender: str = "+6281234567890"):
    return signed_post("/twilio/sms", {"MessageSid": sid, "From": sender, "To": "+62341512178",
                                       "Body": body, "NumMedia": "0"})


def count(rt: Runtime, model) -> int:
    with rt.db.reading() as connection:
        return int(connection.scalar(select(func.count()).select_from(model.__table__)))


def test_the_first_request_after_a_restart_succeeds(postgres, gateway, clock):
    rt, signed_post = gateway
    assert sms(signed_post, "SM" + "1" * 32, "LAPOR sampah di Temas").status_code == 200
    postgres.restart()
    clock.advance(seconds=5)
    answer = sms(signed_post, "SM" + "2" * 32, "LAPOR jalan rusak di Sisir")
    assert answer.status_code == 200
    assert spool_of(rt.settings).count() == 0  # stored at once, not spooled
    assert count(rt, models.Report) == 2
    postgres.restart()
    root = Caller(signed_post, "CA" + "1" * 32).dial()
    assert root.find("Gather") is not None  # the menu, not the apology
    assert spool_of(rt.settings).count() == 0


def test_a_text_while_the_database_is_down_is_spooled_and_filed_once(postgres, gateway):
    rt, signed_post = gateway
    postgres.stop()
    try:
        answer = sms(signed_post, "SM" + "3" * 32, "LAPOR lampu jalan mati di Sisir")
        assert answer.status_code == 200  # kept: Twilio must not retry or fall back
        status = signed_post("/twilio/sms/status", {"MessageSid": "SM" + "9" * 32,
                                                    "MessageStatus": "delivered"})
        assert status.status_code == 204
        assert spool_of(rt.settings).count() == 2
        assert replay(rt).waiting == 2  # still down: everything stays spooled
    finally:
        postgres.start()
    outcome = replay(rt)
    assert (outcome.done, outcome.set_aside, spool_of(rt.settings).count()) == (2, 0, 0)
    assert count(rt, models.Report) == 1 and count(rt, models.OutboxItem) == 1
    # A replay of the same request (a crash between commit and delete) changes nothing.
    spool_of(rt.settings).put(factories.delivery("twilio.sms", {
        "MessageSid": "SM" + "3" * 32, "From": "+6281234567890", "To": "+62341512178",
        "Body": "LAPOR lampu jalan mati di Sisir", "NumMedia": "0"}, rt.clock()))
    assert replay(rt).done == 1
    assert count(rt, models.Report) == 1 and count(rt, models.Message) == 1


def test_a_call_ending_while_the_database_is_down_is_filed_after_recovery(postgres, gateway):
    rt, signed_post = gateway
    caller = Caller(signed_post, "CA" + "2" * 32)
    caller.dial()
    for key in ("1", "1", "3", "2", "1"):  # Indonesian, new report, disaster, Bumiaji, Punten
        caller.press(key)
    caller.record("RE" + "2" * 32, duration=9)
    postgres.stop()
    try:
        root = caller.press("1")  # send the report: the database is gone
        assert "Mohon maaf, sedang ada gangguan" in spoken(root)
        assert root.find("Hangup") is not None
        assert caller.hang_up().status == 204
        assert caller.recording_completed("RE" + "2" * 32, duration=9).status == 204
        assert spool_of(rt.settings).count() == 3
    finally:
        postgres.start()
    factories.worker(rt).run_once()
    assert spool_of(rt.settings).count() == 0
    with rt.db.reading() as connection:
        report = connection.execute(select(models.Report.__table__)).mappings().one()
        recording = connection.execute(select(models.Recording.__table__)).mappings().one()
        call = connection.execute(select(models.Call.__table__)).mappings().one()
    assert report["status"] == "new" and report["category_code"] == "bencana"
    assert report["area_code"] == "35.79.02.2001" and report["call_sid"] == "CA" + "2" * 32
    assert recording["report_id"] == report["id"] and recording["status"] == "completed"
    assert call["status"] == "completed" and call["report_id"] == report["id"]
    assert count(rt, models.OutboxItem) >= 2  # the ticket text and the recording's download
