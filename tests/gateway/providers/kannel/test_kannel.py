"""SMS through a real Kannel: bearerbox, smsbox and Kannel's fakesmsc test SMSC on loopback.

A handset message sent through fakesmsc reaches the gateway (running as `lapor run`), the reply
the worker sends through Kannel's sendsms comes back to fakesmsc, a status change on the report
sends an SMS that fakesmsc receives, and the fake SMSC's delivery report updates the message.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from gateway.providers.registry import make_sender
from gateway.reports.notices import STATUS_TEXT_HOLD
from gateway.settings import PROJECT_ROOT, load_settings
from gateway.store import models
from sms.replies import reply
from tests import factories
from tests.servers import BIN, free_port, wait_healthy

FAKESMSC = Path("/usr/lib/kannel/test/fakesmsc")
pytestmark = pytest.mark.skipif(
    shutil.which("bearerbox") is None or not FAKESMSC.exists(),
    reason="Kannel is not installed (apt-get install kannel kannel-extras)",
)
HANDSET = "+6281234567890"
SHORT_CODE = "1708"


def wait_port(port: int, process: subprocess.Popen[bytes], what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.3):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not listen on {port}")


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
def kannel(settings_env, tmp_path, database):
    """A gateway and a Kannel wired to each other; yields the settings both use."""
    ports = {name: free_port() for name in
             ("gateway", "admin", "smsbox", "sendsms", "fake")}
    secret, password = secrets.token_hex(12), secrets.token_hex(12)
    gateway_url = f"http://127.0.0.1:{ports['gateway']}"
    env = {
        **settings_env, "SMS_BACKEND": "kannel", "KANNEL_USERNAME": "lapor",
        "KANNEL_PASSWORD": password, "KANNEL_SECRET": secret, "KANNEL_FROM": SHORT_CODE,
        "KANNEL_SENDSMS_URL": f"http://127.0.0.1:{ports['sendsms']}/cgi-bin/sendsms",
        "KANNEL_CALLBACK_URL": gateway_url,
    }
    template = (PROJECT_ROOT / "config" / "kannel" / "test-fake-smsc.conf").read_text()
    conf = tmp_path / "kannel.conf"
    conf.write_text(template.format(
        admin_port=ports["admin"], admin_password=password, smsbox_port=ports["smsbox"],
        sendsms_port=ports["sendsms"], fake_port=ports["fake"], workdir=tmp_path,
        username="lapor", password=password, gateway=gateway_url, secret=secret,
    ))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        gateway = subprocess.Popen(
            [str(BIN / "lapor"), "run", "--port", str(ports["gateway"])],
            env={**os.environ, **env}, cwd=tmp_path, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        processes.append(gateway)
        bearerbox = subprocess.Popen(["bearerbox", str(conf)], cwd=tmp_path,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(bearerbox)
        wait_port(ports["smsbox"], bearerbox, "bearerbox")
        smsbox = subprocess.Popen(["smsbox", str(conf)], cwd=tmp_path,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(smsbox)
        wait_port(ports["sendsms"], smsbox, "smsbox")
        wait_healthy(ports["gateway"], gateway)
        yield {"env": env, "ports": ports, "settings": load_settings(env, ()),
               "workdir": tmp_path, "admin_password": password, "processes": processes}
    finally:
        for process in reversed(processes):
            stop(process)


class Handset:
    """Kannel's fakesmsc: sends the given messages as handsets, prints what it receives."""

    def __init__(self, port: int, workdir: Path, *messages: str) -> None:
        self.log = workdir / f"fakesmsc-{secrets.token_hex(4)}.log"
        self.handle = self.log.open("wb")
        self.process = subprocess.Popen(
            [str(FAKESMSC), "-H", "127.0.0.1", "-r", str(port), "-i", "0.1",
             "-m", str(len(messages)), *messages],
            stdout=subprocess.DEVNULL, stderr=self.handle)

    def received(self) -> list[str]:
        lines = self.log.read_text(errors="replace").splitlines()
        return [line.split("Got message", 1)[1] for line in lines if "Got message" in line]

    def wait_for(self, text: str, seconds: float = 20) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for line in self.received():
                if text in line:
                    return line
            time.sleep(0.1)
        raise AssertionError(f"fakesmsc never got {text!r}; it got {self.received()}")

    def close(self) -> None:
        stop(self.process, signal.SIGINT)
        self.handle.close()


def first_report(database):  # type: ignore[no-untyped-def]
    with database.readers() as session:
        return session.scalar(select(models.Report))


def wait_until(check, seconds: float = 20):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def kannel_worker(kannel, runtime):
    """A worker sending through the test's Kannel, on the real clock like the gateway."""
    settings = kannel["settings"]
    return factories.worker(replace(runtime, settings=settings, clock=lambda: datetime.now(UTC)),
                            make_sender(settings))


def test_handset_report_reply_status_change_and_delivery_report(kannel, runtime, database,
                                                                  catalog):
    worker = kannel_worker(kannel, runtime)
    handset = Handset(kannel["ports"]["fake"], kannel["workdir"],
                      f"{HANDSET} {SHORT_CODE} text LAPOR jalan rusak di Punten dekat SD")
    try:
        report = wait_until(lambda: first_report(database))
        assert report.channel == "sms" and report.reporter == HANDSET
        assert report.area_code == "35.79.02.2001"
        assert report.text == "jalan rusak di Punten dekat SD"

        assert worker.run_once() == 1
        got = handset.wait_for(f"tiket {report.ticket}")
        assert reply("received", "id", ticket=report.ticket) in got
        assert SHORT_CODE in got and HANDSET.lstrip("+") in got

        def delivered():
            with database.readers() as session:
                message = session.scalar(select(models.Message).where(
                    models.Message.direction == "out"))
                return message if message is not None and message.status == "delivered" else None

        assert wait_until(delivered).provider == "kannel"

        factories.set_agency(database, report.id, "PUPR")
        # Taken up a hold's time ago: the status text is due now.
        factories.set_status(database, catalog, report.id, "in_progress", "operator:pupr",
                             datetime.now(UTC) - STATUS_TEXT_HOLD)
        assert worker.run_once() == 1
        handset.wait_for(reply("in_progress", "id", ticket=report.ticket,
                               agency="Dinas Pekerjaan Umum dan Penataan Ruang"))
    finally:
        handset.close()


def test_duplicate_kannel_id_and_refused_requests(kannel, database):
    import urllib.error
    import urllib.parse
    import urllib.request

    base = f"http://127.0.0.1:{kannel['ports']['gateway']}/kannel/incoming"
    query = {"secret": kannel["env"]["KANNEL_SECRET"], "from": "081298765432",
             "to": SHORT_CODE, "text": "LAPOR sampah di Temas", "id": "kannel-msg-1"}
    for _ in range(2):
        with urllib.request.urlopen(f"{base}?{urllib.parse.urlencode(query)}") as answer:
            assert answer.status == 200 and answer.read() == b""
    with database.readers() as session:
        reports = session.scalars(select(models.Report)).all()
    assert len(reports) == 1 and reports[0].reporter == "+6281298765432"
    wrong = {**query, "secret": "guess", "id": "kannel-msg-2"}
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}?{urllib.parse.urlencode(wrong)}")
    assert refused.value.code == 403
    refused.value.close()


def test_ucs2_text_from_a_handset_arrives_intact(kannel, database):
    text = "LAPOR dalan rusak wonten Punten 🙏 mohon dibenahi"
    encoded = "".join(f"%{b:02X}" for b in text.encode("utf-16-be"))
    handset = Handset(kannel["ports"]["fake"], kannel["workdir"],
                      f"{HANDSET} {SHORT_CODE} ucs2 {encoded}")
    try:
        report = wait_until(lambda: first_report(database))
        assert report.text == text.removeprefix("LAPOR ")
        assert report.language == "jv" and report.area_code == "35.79.02.2001"
    finally:
        handset.close()


def smsc_online(kannel) -> bool:
    """Whether bearerbox has the fake SMSC connected (its admin status page says so)."""
    import urllib.request

    url = (f"http://127.0.0.1:{kannel['ports']['admin']}/status.txt?"
           f"password={kannel['admin_password']}")
    with urllib.request.urlopen(url, timeout=5) as answer:
        status = answer.read().decode(errors="replace")
    line = next((ln for ln in status.splitlines() if "fake" in ln and "SMSC:" not in ln), "")
    return "online" in line


def test_replies_sent_while_the_link_is_down_arrive_exactly_once_after_reconnect(
        kannel, runtime, database, catalog):
    """While the operator link is down, sendsms answers '3: Queued for later delivery': Kannel
    keeps the text. It counts as sent, is never sent again, and reaches the handset once the
    link is back."""
    worker = kannel_worker(kannel, runtime)
    first = Handset(kannel["ports"]["fake"], kannel["workdir"],
                    f"+6281100000099 {SHORT_CODE} text INFO")
    wait_until(lambda: smsc_online(kannel))
    first.close()  # the link goes down
    wait_until(lambda: not smsc_online(kannel))
    numbers = [f"+62811000001{n:02d}" for n in range(3)]
    tickets = [factories.report(database, catalog, datetime.now(UTC), "sms", number,
                                category_code="jalan").ticket for number in numbers]
    assert worker.run_once() >= 3
    with database.readers() as session:
        statuses = {m.to_number: m.status for m in session.scalars(
            select(models.Message).where(models.Message.direction == "out"))}
    assert all(statuses[n] == "queued" for n in numbers)  # Kannel took them for later
    assert worker.run_once() == 0  # nothing to send again
    again = Handset(kannel["ports"]["fake"], kannel["workdir"],
                    f"+6281100000098 {SHORT_CODE} text INFO")
    try:
        for ticket in tickets:
            again.wait_for(f"tiket {ticket}")
        time.sleep(2)  # anything sent twice would have arrived by now
        received = again.received()
        for ticket in tickets:
            assert sum(f"tiket {ticket}" in line for line in received) == 1
    finally:
        again.close()


def test_a_text_sent_while_the_gateway_restarts_is_kept_by_smsbox(kannel, database):
    """smsbox retries the gateway (http-request-retry, http-queue-delay in the example configs)
    instead of dropping the handset's text."""
    gateway = kannel["processes"][0]
    stop(gateway)
    handset = Handset(kannel["ports"]["fake"], kannel["workdir"],
                      f"{HANDSET} {SHORT_CODE} text LAPOR sampah numpuk di Temas")
    try:
        time.sleep(1)  # smsbox tried the gateway and found nobody
        restarted = subprocess.Popen(
            [str(BIN / "lapor"), "run", "--port", str(kannel["ports"]["gateway"])],
            env={**os.environ, **kannel["env"]}, cwd=kannel["workdir"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kannel["processes"][0] = restarted
        wait_healthy(kannel["ports"]["gateway"], restarted)
        report = wait_until(lambda: first_report(database), seconds=30)
        assert report.text == "sampah numpuk di Temas"
    finally:
        handset.close()
