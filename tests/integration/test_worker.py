"""The worker: SMS through the configured backend and recording downloads, with retries.

Twilio is never called: `responses` answers its REST API as Twilio would.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import responses
from sqlalchemy import select

from gateway.operators.auth import add_operator
from gateway.outbox.sending import ConsoleSender, RecordingFetcher, TwilioSender
from gateway.outbox.worker import MAX_ATTEMPTS, Worker
from gateway.reports.services import (
    NewReport,
    RecordingRef,
    queue_recording_download,
    submit_report,
)
from gateway.settings import load_settings
from gateway.store import models
from gateway.store.reference import load_catalog

ACCOUNT = "AC" + "1" * 32
MESSAGES = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
RECORDING_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/RE" + "9" * 32


@pytest.fixture
def twilio_settings(settings_env):
    return load_settings({**settings_env, "SMS_BACKEND": "twilio", "TWILIO_ACCOUNT_SID": ACCOUNT,
                          "TWILIO_PHONE_NUMBER": "+62341512178",
                          "PUBLIC_BASE_URL": "https://lapor.example.go.id"}, ())


def worker_for(settings, database, clock, sender=None):
    catalog = load_catalog(settings.CONFIG_DIR)
    return Worker(settings, database, sender or ConsoleSender(), RecordingFetcher(settings),
                  clock=clock, catalog=catalog)


def file_report(database, catalog, clock, reporter="+6281234567890", recording=False):
    with database.session() as session:
        ref = RecordingRef("RE" + "9" * 32, RECORDING_URL, 14) if recording else None
        report = submit_report(session, catalog, NewReport(
            "voice", reporter, category_code="jalan", call_sid="CA" + "9" * 32,
            recording=ref), now=clock())
        if recording:
            queue_recording_download(session, report.recordings[0], clock())
        return report.ticket


def jobs(database):
    with database.readers() as session:
        return {j.kind: (j.status, j.attempts, j.last_error, j.next_attempt_at)
                for j in session.scalars(select(models.OutboxItem))}


def test_console_backend_sends_the_confirmation(settings, database, catalog, clock, caplog):
    ticket = file_report(database, catalog, clock)
    caplog.set_level("INFO", logger="gateway.outbox.sending")
    assert worker_for(settings, database, clock).run_once() == 1
    assert jobs(database)["sms"][0] == "done"
    with database.readers() as session:
        (message,) = session.scalars(select(models.Message)).all()
    assert message.direction == "out" and message.provider == "console"
    assert ticket in message.body and message.to_number == "+6281234567890"
    assert any(ticket in r.getMessage() for r in caplog.records)
    assert worker_for(settings, database, clock).run_once() == 0  # nothing is sent twice


@responses.activate
def test_twilio_backend_sends_with_status_callback(twilio_settings, database, catalog, clock):
    responses.post(MESSAGES, status=201, json={
        "sid": "SM" + "a" * 32, "status": "queued", "to": "+6281234567890",
        "from": "+62341512178", "body": "x", "account_sid": ACCOUNT})
    file_report(database, catalog, clock)
    worker_for(twilio_settings, database, clock, TwilioSender(twilio_settings)).run_once()
    assert jobs(database)["sms"][0] == "done"
    sent = dict(item.split("=", 1) for item in responses.calls[0].request.body.split("&"))
    assert sent["To"] == "%2B6281234567890" and sent["From"] == "%2B62341512178"
    assert "StatusCallback" in sent
    with database.readers() as session:
        message = session.scalar(select(models.Message))
    assert message.provider_id == "SM" + "a" * 32 and message.status == "queued"


@responses.activate
def test_twilio_opted_out_recipient_fails_for_good(twilio_settings, database, catalog, clock):
    responses.post(MESSAGES, status=400, json={
        "code": 21610, "message": "Attempt to send to unsubscribed recipient",
        "more_info": "https://www.twilio.com/docs/errors/21610", "status": 400})
    file_report(database, catalog, clock)
    worker_for(twilio_settings, database, clock, TwilioSender(twilio_settings)).run_once()
    status, attempts, error, _ = jobs(database)["sms"]
    assert (status, attempts) == ("failed", 1) and "21610" in error


@responses.activate
def test_twilio_outage_is_retried_with_backoff_then_given_up(
    twilio_settings, database, catalog, clock
):
    responses.post(MESSAGES, status=503, json={"code": 20500, "message": "Internal error",
                                               "status": 503})
    file_report(database, catalog, clock)
    worker = worker_for(twilio_settings, database, clock, TwilioSender(twilio_settings))
    worker.run_once()
    status, attempts, _, due = jobs(database)["sms"]
    assert (status, attempts) == ("pending", 1) and due - clock() == timedelta(seconds=30)
    assert worker.run_once() == 0  # not due yet
    for _ in range(MAX_ATTEMPTS - 1):
        clock.advance(hours=1)
        worker.run_once()
    assert jobs(database)["sms"][:2] == ("failed", MAX_ATTEMPTS)


@responses.activate
def test_recording_is_downloaded_and_played_on_the_queue_page(
    twilio_settings, database, catalog, clock, make_client
):
    responses.get(RECORDING_URL + ".wav", body=b"RIFF....WAVEfmt ", status=200,
                  content_type="audio/x-wav")
    ticket = file_report(database, catalog, clock, recording=True)
    worker_for(twilio_settings, database, clock).run_once()
    assert jobs(database)["download_recording"][0] == "done"
    assert responses.calls[0].request.headers["Authorization"].startswith("Basic ")
    with database.session() as session:
        add_operator(session, "pusdalops", "kata-sandi-rahasia", "command-center", None, clock())
        add_operator(session, "dlh", "kata-sandi-rahasia", "agency", "DLH", clock())

    client = make_client(**{"TWILIO_ACCOUNT_SID": ACCOUNT,
                            "INSTANCE_DIR": str(twilio_settings.INSTANCE_DIR)})
    from tests.integration.test_queue_page import login

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
    twilio_settings, database, catalog, clock
):
    responses.get(RECORDING_URL + ".wav", body=requests.ConnectionError("down"))
    file_report(database, catalog, clock, recording=True)
    worker = worker_for(twilio_settings, database, clock)
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
    twilio_settings, database, catalog, rules, clock
):
    from gateway.outbox.sending import make_sender
    from gateway.texting.intake import IncomingMessage, receive

    media = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/MM1/Media/ME1"
    responses.get(media, body=b"\xff\xd8\xff photo", status=200, content_type="image/jpeg")
    responses.post(MESSAGES, status=201, json={"sid": "SM" + "b" * 32, "status": "queued",
                                               "account_sid": ACCOUNT})
    with database.session() as session:
        receive(session, catalog, rules, IncomingMessage(
            "twilio", "SM" + "c" * 32, "whatsapp", "+6281234567890", "+62341512178",
            "jalan longsor di Punten", media=(media,)), clock())
    worker = Worker(twilio_settings, database, make_sender(twilio_settings),
                    RecordingFetcher(twilio_settings), clock=clock, catalog=catalog)
    assert worker.run_once() == 2
    sent = responses.calls[-1].request.body
    assert "To=whatsapp%3A%2B6281234567890" in sent and "From=whatsapp%3A%2B62341512178" in sent
    with database.readers() as session:
        photo = session.scalar(select(models.ReportEvent).where(
            models.ReportEvent.action == "photo"))
    assert Path(photo.detail["path"]).read_bytes().startswith(b"\xff\xd8")


def test_opt_out_after_queueing_stops_the_message(settings, database, catalog, clock):
    file_report(database, catalog, clock)
    with database.session() as session:
        session.add(models.Contact(number="+6281234567890", opted_out=True, changed_at=clock()))
    worker_for(settings, database, clock).run_once()
    status, _, error, _ = jobs(database)["sms"]
    assert status == "failed" and "opted out" in error
    with database.readers() as session:
        assert session.scalar(select(models.Message)) is None
