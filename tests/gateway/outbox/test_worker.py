"""The worker: texts through the configured backend and downloads, with leases and retries.

Twilio is never called: `responses` answers its REST API as Twilio would.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import responses
from sqlalchemy import select, update

from gateway.operators.accounts import add_operator
from gateway.providers.kannel.sendsms import KannelSender
from gateway.providers.registry import make_sender
from gateway.providers.twilio.rest_api import TwilioSender
from gateway.settings import load_settings
from gateway.store import models, recordings
from gateway.store import outbox as outbox_jobs
from gateway.store.recordings import RecordingRef
from tests import factories

ACCOUNT = "AC" + "1" * 32
MESSAGES = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
RECORDING_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/RE" + "9" * 32
REPORTER = "+6281234567890"


@pytest.fixture
def twilio_settings(settings_env):
    return load_settings({**settings_env, "SMS_BACKEND": "twilio", "TWILIO_ACCOUNT_SID": ACCOUNT,
                          "TWILIO_PHONE_NUMBER": "+62341512178",
                          "PUBLIC_BASE_URL": "https://lapor.example.go.id"}, ())


@pytest.fixture
def twilio_runtime(runtime, twilio_settings):
    return replace(runtime, settings=twilio_settings)


def file_report(database, catalog, clock, reporter=REPORTER, recording=False):
    ref = RecordingRef("RE" + "9" * 32, RECORDING_URL, 14) if recording else None
    filed = factories.report(database, catalog, clock(), "voice", reporter,
                             category_code="jalan", call_sid="CA" + "9" * 32, recording=ref)
    if recording:
        with database.transaction() as connection:
            recordings.queue_download(connection, ref.sid, clock())
    return filed.ticket


def jobs(database):
    with database.readers() as session:
        return {j.kind: (j.status, j.attempts, j.last_error, j.next_attempt_at)
                for j in session.scalars(select(models.OutboxItem))}


def outgoing(database):
    with database.readers() as session:
        return session.scalars(select(models.Message).where(models.Message.direction == "out")
                               .order_by(models.Message.id)).all()


def test_console_backend_sends_the_confirmation(runtime, database, catalog, clock, caplog):
    ticket = file_report(database, catalog, clock)
    caplog.set_level("INFO", logger="gateway.providers.sending")
    assert factories.worker(runtime).run_once() == 1
    assert jobs(database)["sms"][0] == "done"
    (message,) = outgoing(database)
    assert message.provider == "console" and message.status == "sent"
    assert ticket in message.body and message.to_number == REPORTER
    assert message.reference and len(message.reference) == 24
    assert any(ticket in r.getMessage() for r in caplog.records)
    assert factories.worker(runtime).run_once() == 0  # nothing is sent twice


@responses.activate
def test_twilio_backend_sends_with_status_callback(twilio_runtime, database, catalog, clock):
    responses.post(MESSAGES, status=201, json={
        "sid": "SM" + "a" * 32, "status": "queued", "to": REPORTER,
        "from": "+62341512178", "body": "x", "account_sid": ACCOUNT})
    file_report(database, catalog, clock)
    factories.worker(twilio_runtime, TwilioSender(twilio_runtime.settings)).run_once()
    assert jobs(database)["sms"][0] == "done"
    sent = dict(item.split("=", 1) for item in responses.calls[0].request.body.split("&"))
    assert sent["To"] == "%2B6281234567890" and sent["From"] == "%2B62341512178"
    assert "StatusCallback" in sent
    (message,) = outgoing(database)
    assert message.provider_id == "SM" + "a" * 32 and message.status == "queued"


@responses.activate
def test_twilio_opted_out_recipient_fails_for_good_and_keeps_its_row(
        twilio_runtime, database, catalog, clock):
    responses.post(MESSAGES, status=400, json={
        "code": 21610, "message": "Attempt to send to unsubscribed recipient",
        "more_info": "https://www.twilio.com/docs/errors/21610", "status": 400})
    file_report(database, catalog, clock)
    factories.worker(twilio_runtime, TwilioSender(twilio_runtime.settings)).run_once()
    status, attempts, error, _ = jobs(database)["sms"]
    assert (status, attempts) == ("failed", 1) and "21610" in error
    (message,) = outgoing(database)  # never deleted: its id and reference are never reused
    assert message.status == "failed"


@responses.activate
def test_outage_is_retried_with_backoff_for_a_day_then_given_up(
        twilio_runtime, database, catalog, clock):
    responses.post(MESSAGES, status=503, json={"code": 20500, "message": "Internal error",
                                               "status": 503})
    queued = clock()
    file_report(database, catalog, clock)
    worker = factories.worker(twilio_runtime, TwilioSender(twilio_runtime.settings))
    worker.run_once()
    status, attempts, _, due = jobs(database)["sms"]
    assert (status, attempts) == ("pending", 1) and due - clock() == timedelta(seconds=30)
    assert worker.run_once() == 0  # not due yet
    tries = 1
    while jobs(database)["sms"][0] == "pending":
        clock.now = jobs(database)["sms"][3]
        worker.run_once()
        tries += 1
    status, attempts, error, _ = jobs(database)["sms"]
    # 30 s, 1, 2, 4 ... 32 min, then hourly, for OUTBOX_RETRY_HOURS (24 h): 30 tries.
    assert status == "failed" and attempts == tries == 30 and error.startswith("gave up")
    assert timedelta(hours=23) < clock() - queued <= timedelta(hours=24)
    (message,) = outgoing(database)  # one row for every attempt, failed in the end
    assert message.status == "failed"
    assert len({r.request.body for r in responses.calls}) == 1


@responses.activate
def test_kannel_queued_for_later_delivery_counts_as_sent_once(runtime, settings_env, database,
                                                              catalog, clock):
    settings = load_settings({**settings_env, "SMS_BACKEND": "kannel", "KANNEL_USERNAME": "lapor",
                              "KANNEL_PASSWORD": "rahasia-kannel-1", "KANNEL_SECRET": "s3cret-x",
                              "KANNEL_CALLBACK_URL": "http://127.0.0.1:8000"}, ())
    responses.get("http://127.0.0.1:13013/cgi-bin/sendsms", status=202,
                  body="3: Queued for later delivery")
    for n in range(5):
        factories.report(database, catalog, clock(), "sms", f"+62812000000{n:02d}",
                         category_code="jalan")
    worker = factories.worker(replace(runtime, settings=settings), KannelSender(settings))
    assert worker.run_once() == 5
    clock.advance(hours=2)
    assert worker.run_once() == 0
    assert len(responses.calls) == 5  # five replies, five texts: none retried
    assert {m.status for m in outgoing(database)} == {"queued"}
    references = {m.reference for m in outgoing(database)}
    dlr_refs = {re.search(r"ref%3D([0-9a-f]+)", c.request.url).group(1) for c in responses.calls}
    assert dlr_refs == references  # delivery reports name each text by its own reference


def test_expired_lease_is_claimed_again_and_the_late_outcome_is_ignored(runtime, database,
                                                                        catalog, clock):
    file_report(database, catalog, clock)
    lease = timedelta(seconds=runtime.settings.OUTBOX_LEASE_SECONDS)
    with database.transaction() as connection:
        first = outbox_jobs.claim(connection, clock(), lease)  # a worker that then died
    with database.transaction() as connection:
        assert outbox_jobs.claim(connection, clock(), lease) is None  # leased
    clock.advance(seconds=runtime.settings.OUTBOX_LEASE_SECONDS + 1)
    with database.transaction() as connection:
        second = outbox_jobs.claim(connection, clock(), lease)
    assert second.id == first.id and second.attempt == first.attempt + 1
    with database.transaction() as connection:
        assert not outbox_jobs.succeeded(connection, first, clock())  # too late: not its turn
        assert outbox_jobs.succeeded(connection, second, clock())
    assert jobs(database)["sms"][:2] == ("done", 2)


def test_a_retried_text_keeps_its_message_row_and_reference(runtime, database, catalog, clock):
    file_report(database, catalog, clock)

    class Flaky:
        provider = "console"
        references: list[str] = []

        def send(self, to, body, channel, reference):
            from gateway.providers.sending import Sent, TransientError

            self.references.append(reference)
            if len(self.references) == 1:
                raise TransientError("network down")
            return Sent("console", None, "sent")

    sender = Flaky()
    worker = factories.worker(runtime, sender)
    worker.run_once()
    clock.advance(minutes=1)
    worker.run_once()
    (message,) = outgoing(database)
    assert sender.references == [message.reference, message.reference]
    assert message.status == "sent"


@responses.activate
def test_recording_is_downloaded_and_played_on_the_queue_page(
        twilio_runtime, twilio_settings, database, catalog, clock, make_client):
    responses.get(RECORDING_URL + ".wav", body=b"RIFF....WAVEfmt ", status=200,
                  content_type="audio/x-wav")
    ticket = file_report(database, catalog, clock, recording=True)
    factories.worker(twilio_runtime).run_once()
    assert jobs(database)["download_recording"][0] == "done"
    assert responses.calls[0].request.headers["Authorization"].startswith("Basic ")
    with database.session() as session:
        add_operator(session, "pusdalops", "kata-sandi-rahasia", "command-center", None, clock())
        add_operator(session, "dlh", "kata-sandi-rahasia", "agency", "DLH", clock())

    client = make_client(**{"TWILIO_ACCOUNT_SID": ACCOUNT,
                            "INSTANCE_DIR": str(twilio_settings.INSTANCE_DIR)})
    from tests.pages import login

    login(client, "pusdalops", "kata-sandi-rahasia")
    page = client.get("/queue").get_data(as_text=True)
    audio = re.search(r'<audio[^>]+src="([^"]+)"', page)
    assert audio and ticket in page
    played = client.get(audio.group(1))
    assert played.status_code == 200 and played.data.startswith(b"RIFF")
    played.close()
    other = make_client(INSTANCE_DIR=str(twilio_settings.INSTANCE_DIR))
    login(other, "dlh", "kata-sandi-rahasia")
    assert other.get(audio.group(1)).status_code == 404  # another agency's report


@responses.activate
def test_deleted_recording_fails_for_good_and_outage_is_retried(
        twilio_runtime, database, catalog, clock):
    responses.get(RECORDING_URL + ".wav", body=requests.ConnectionError("down"))
    file_report(database, catalog, clock, recording=True)
    worker = factories.worker(twilio_runtime)
    worker.run_once()
    assert jobs(database)["download_recording"][:2] == ("pending", 1)
    responses.replace(responses.GET, RECORDING_URL + ".wav", status=404)
    clock.advance(minutes=5)
    worker.run_once()
    status, attempts, error, _ = jobs(database)["download_recording"]
    assert (status, attempts) == ("failed", 2) and "404" in error


def test_worker_once_from_the_command_line(settings_env, monkeypatch, tmp_path, database,
                                           catalog, clock):
    from click.testing import CliRunner

    from gateway.cli.main import main

    file_report(database, catalog, clock)
    monkeypatch.chdir(tmp_path)
    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["worker", "--once"])
    assert result.exit_code == 0 and "1 job(s) processed" in result.output


@responses.activate
def test_whatsapp_reply_goes_through_twilio_and_photo_is_kept(
        twilio_runtime, database, catalog, rules, clock):
    media = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/MM1/Media/ME1"
    responses.get(media, body=b"\xff\xd8\xff photo", status=200, content_type="image/jpeg")
    responses.post(MESSAGES, status=201, json={"sid": "SM" + "b" * 32, "status": "queued",
                                               "account_sid": ACCOUNT})
    factories.text(database, catalog, rules, clock(), REPORTER, "jalan longsor di Punten",
                   "SM" + "c" * 32, channel="whatsapp", media=(media,))
    worker = factories.worker(twilio_runtime, make_sender(twilio_runtime.settings))
    assert worker.run_once() == 2
    sent = responses.calls[-1].request.body
    assert "To=whatsapp%3A%2B6281234567890" in sent and "From=whatsapp%3A%2B62341512178" in sent
    with database.readers() as session:
        photo = session.scalar(select(models.ReportEvent).where(
            models.ReportEvent.action == "photo"))
    kept = Path(photo.detail["path"])
    assert kept.read_bytes().startswith(b"\xff\xd8") and kept.suffix == ".jpg"
    assert kept.resolve().is_relative_to(twilio_runtime.settings.INSTANCE_DIR.resolve())


def test_opt_out_after_queueing_stops_the_message(runtime, database, catalog, clock):
    file_report(database, catalog, clock)
    with database.session() as session:
        session.add(models.Contact(number=REPORTER, opted_out=True, changed_at=clock()))
    factories.worker(runtime).run_once()
    status, _, error, _ = jobs(database)["sms"]
    assert status == "failed" and "opted out" in error
    assert outgoing(database) == []


def test_a_text_for_an_unknown_channel_fails_instead_of_going_out_as_sms(runtime, database,
                                                                          catalog, clock):
    file_report(database, catalog, clock)
    with database.transaction() as connection:
        table = models.OutboxItem.__table__
        connection.execute(update(table).values(payload={"to": REPORTER, "body": "Halo",
                                                         "channel": "pager"}))
    factories.worker(runtime, make_sender(runtime.settings)).run_once()
    status, _, error, _ = jobs(database)["sms"]
    assert status == "failed" and "unknown channel 'pager'" in error
