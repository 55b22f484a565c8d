"""The worker under faults: a provider that hangs, SIGTERM mid-send, SIGKILL mid-send, and
several workers sharing one outbox. Providers are local fakes (`tests.fake_provider`)."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections import Counter
from dataclasses import replace

import pytest
from sqlalchemy import select
from twilio.rest import Client

from gateway.providers.kannel.sendsms import KannelSender
from gateway.providers.sending import Sent
from gateway.providers.twilio.rest_api import TimeoutHttpClient, TwilioSender
from gateway.settings import load_settings
from gateway.store import models
from tests import factories
from tests.fake_provider import FakeProvider
from tests.servers import BIN

SHORT = (0.5, 1.0)  # connect and read timeouts, so a hang costs the test a second


@pytest.fixture
def provider():
    fakes: list[FakeProvider] = []

    def make(*args, **kwargs) -> FakeProvider:
        fakes.append(FakeProvider(*args, **kwargs))
        return fakes[-1]

    yield make
    for fake in fakes:
        fake.close()


def kannel_env(settings_env: dict[str, str], url: str, **extra: str) -> dict[str, str]:
    return {**settings_env, "SMS_BACKEND": "kannel", "KANNEL_USERNAME": "lapor",
            "KANNEL_PASSWORD": "kannel-password-1", "KANNEL_SECRET": "kannel-secret-1",
            "KANNEL_SENDSMS_URL": f"{url}/cgi-bin/sendsms", **extra}


def jobs(database):
    with database.readers() as session:
        return session.scalars(select(models.OutboxItem).order_by(models.OutboxItem.id)).all()


def queue_texts(database, catalog, clock, count: int) -> list[str]:
    numbers = [f"+62812300{n:05d}" for n in range(count)]
    for number in numbers:
        factories.report(database, catalog, clock(), "sms", number, category_code="jalan")
    return numbers


def test_a_hanging_kannel_times_out_and_the_text_is_retried(runtime, settings_env, database,
                                                            catalog, clock, provider):
    hanging = provider("hang")
    settings = load_settings(kannel_env(settings_env, hanging.url), ())
    queue_texts(database, catalog, clock, 1)
    worker = factories.worker(replace(runtime, settings=settings),
                              KannelSender(settings, timeouts=SHORT))
    started = time.monotonic()
    worker.run_once()
    assert time.monotonic() - started < 5  # not forever
    (job,) = jobs(database)
    assert (job.status, job.attempts) == ("pending", 1)
    assert job.last_error == "kannel did not answer in time"
    answering = provider("answer", body="0: Accepted for delivery")
    settings = load_settings(kannel_env(settings_env, answering.url), ())
    worker = factories.worker(replace(runtime, settings=settings),
                              KannelSender(settings, timeouts=SHORT))
    clock.advance(seconds=31)
    worker.run_once()
    (job,) = jobs(database)
    assert (job.status, job.attempts) == ("done", 2) and len(answering.requests) == 1


def test_a_hanging_twilio_times_out_and_the_text_is_retried(runtime, settings_env, database,
                                                            catalog, clock, provider):
    hanging = provider("hang")
    settings = load_settings({**settings_env, "SMS_BACKEND": "twilio",
                              "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
                              "TWILIO_PHONE_NUMBER": "+62341512178"}, ())
    client = Client(settings.TWILIO_ACCOUNT_SID, "auth-token-xyz",
                    http_client=TimeoutHttpClient(*SHORT))
    client.api.base_url = hanging.url  # Twilio's REST API, accepting and never answering
    queue_texts(database, catalog, clock, 1)
    worker = factories.worker(replace(runtime, settings=settings),
                              TwilioSender(settings, client=client))
    started = time.monotonic()
    worker.run_once()
    assert time.monotonic() - started < 5
    (job,) = jobs(database)
    assert (job.status, job.attempts, job.last_error) == (
        "pending", 1, "twilio did not answer in time")
    assert hanging.requests and hanging.requests[0][0].endswith("/Messages.json")


def start_worker(env: dict[str, str], cwd) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(BIN / "lapor"), "worker"], env={**os.environ, **env}, cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_sigterm_mid_send_exits_within_ten_seconds_and_gives_the_job_back(
        settings_env, database, catalog, clock, provider, tmp_path):
    hanging = provider("hang")
    queue_texts(database, catalog, clock, 1)
    worker = start_worker(kannel_env(settings_env, hanging.url), tmp_path)
    try:
        assert hanging.arrived.wait(30), "the worker never sent"
        stopped = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=15)
        assert time.monotonic() - stopped < 10 and worker.returncode == 0
    finally:
        if worker.poll() is None:
            worker.kill()
    (job,) = jobs(database)
    assert job.status == "pending" and job.last_error.startswith("interrupted")


def test_sigkill_mid_send_loses_nothing_and_repeats_at_most_once_per_kill(
        settings_env, database, catalog, clock, provider, tmp_path):
    slow = provider("slow", delay=0.4, body="0: Accepted for delivery")
    numbers = queue_texts(database, catalog, clock, 8)
    env = kannel_env(settings_env, slow.url, OUTBOX_LEASE_SECONDS="5")
    kills = 0
    for _ in range(3):
        seen = len(slow.requests)
        worker = start_worker(env, tmp_path)
        deadline = time.monotonic() + 30
        while len(slow.requests) == seen and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.1)  # mid-send: Kannel has the text, the worker has no answer yet
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        kills += 1
    finisher = start_worker(env, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(j.status != "done" for j in jobs(database)):
            time.sleep(0.2)
    finally:
        finisher.send_signal(signal.SIGTERM)
        finisher.wait(timeout=15)
    assert all(j.status == "done" for j in jobs(database))
    received = Counter(query["to"][0] for _path, query in slow.requests)
    assert set(received) == set(numbers)  # nothing lost
    assert sum(n - 1 for n in received.values()) <= kills  # at most one repeat per kill


def test_several_workers_share_the_outbox_and_send_each_text_once(runtime, database, catalog,
                                                                  clock):
    numbers = queue_texts(database, catalog, clock, 24)
    sent: list[tuple[str, str]] = []
    lock = threading.Lock()

    class Recording:
        provider = "console"

        def __init__(self, name: str) -> None:
            self.name = name

        def send(self, to, body, channel, reference):
            time.sleep(0.02)  # the network
            with lock:
                sent.append((self.name, to))
            return Sent("console", None, "sent")

    workers = [factories.worker(runtime, Recording(f"w{i}")) for i in range(3)]
    threads = [threading.Thread(target=w.run_once) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(to for _, to in sent) == sorted(numbers)  # each exactly once
    assert len({name for name, _ in sent}) > 1  # the load was shared
    assert all(j.status == "done" and j.attempts == 1 for j in jobs(database))
