"""A minute of a busy hotline, the way people use it: 1,000 callers and 200 texts.

    .venv/bin/python -m bench.burst --database-url postgresql+psycopg://... [--callers 1000]
                                    [--texts 200] [--spread 60]

The gateway runs as the README's production section runs it: gunicorn (4 workers x 4 threads)
on PostgreSQL, with `lapor worker` beside it. Callers start at random moments over `--spread`
seconds; each follows the whole new-report path (dial, language, new report, category,
kecamatan, desa, recording, confirmation, then the call's `completed` status and the recording
callback), listening 2-5 s between requests as a person does. Texts (each a new report from a
new number) arrive at random moments over the same minute. Every request goes to 127.0.0.1.

Prints, per step, how many requests, p50, p99 and the slowest; errors (an answer that is not
200/204, or TwiML that is not what the step expects, the apology included); and lost (a caller
without a filed report and its recording, a text not stored as a report, anything left in the
spool). Target: 0 lost, 0 errors, p99 < 150 ms per step.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sqlalchemy import create_engine, func, select
from twilio.request_validator import RequestValidator

from bench.load import (
    BIN,
    GUNICORN_MASTERS,
    ROOT,
    TOKEN,
    cpu_seconds,
    gateway_env,
    gunicorn_cpu,
    postgres_cpu,
    serving,
)
from gateway.store import models
from gateway.voice.simulator import local_path

RUN = f"{int(time.time()) % 10**6:06d}"
VALIDATOR = RequestValidator(TOKEN)
DESA = {"1": 8, "2": 9, "3": 7}  # desa/kelurahan keys in each kecamatan's menu


def path() -> list[tuple[str, str]]:
    """A new report in Indonesian: one of the first four categories, anywhere in the city."""
    kecamatan = random.choice("123")
    return [("language", "1"), ("menu", "1"), ("category", random.choice("1234")),
            ("kecamatan", kecamatan), ("desa", str(random.randint(1, DESA[kecamatan])))]
BODIES = ["LAPOR jalan berlubang di Punten dekat SD", "sampah numpuk di Oro-oro Ombo",
          "lampu jalan mati di Sisir", "longsor kecil di Sumberbrantas, tolong dicek",
          "pipa PDAM bocor di Beji sejak pagi"]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)


async def post(base: str, path: str, params: dict[str, str], tally: Tally,
               step: str) -> tuple[int, bytes]:
    """One signed webhook request over its own connection, timed."""
    parts = urlsplit(base)
    body = urlencode(params).encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"X-Twilio-Signature: {VALIDATOR.compute_signature(base + path, params)}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        writer.write(head + body)
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 30)
        writer.close()
    except (TimeoutError, OSError) as exc:
        tally.errors.append(f"{step}: {type(exc).__name__}")
        return 0, b""
    tally.latencies[step].append((time.perf_counter() - started) * 1000)
    status_line, _, rest = answer.partition(b"\r\n")
    status = int(status_line.split()[1]) if status_line.startswith(b"HTTP/") else 0
    payload = rest.partition(b"\r\n\r\n")[2]
    if status not in (200, 204):
        tally.errors.append(f"{step}: HTTP {status}")
    return status, payload


def expect(tally: Tally, step: str, payload: bytes, verb: str) -> str:
    """The action URL of the TwiML's `verb`; an error when it is missing (the apology)."""
    try:
        root = ET.fromstring(payload)
        found = root.find(verb) if root.find(verb) is not None else root.find(f".//{verb}")
    except ET.ParseError:
        found = None
    if found is None or b"Mohon maaf" in payload:
        tally.errors.append(f"{step}: no <{verb}> in {payload[:80]!r}")
        return ""
    return local_path(str(found.attrib.get("action", "")))  # URLs are absolute


async def caller(base: str, index: int, start_at: float, tally: Tally) -> None:
    await asyncio.sleep(start_at)
    call = {"CallSid": f"CA{RUN}{index:026d}", "From": f"+62813{index:08d}",
            "To": "+62341512178", "AccountSid": "AC" + "0" * 32}
    _status, payload = await post(base, "/twilio/voice", {**call, "CallStatus": "ringing"},
                                  tally, "dial")
    action = expect(tally, "dial", payload, "Gather")
    for step, digit in path():
        if not action:
            return
        await asyncio.sleep(random.uniform(2, 5))
        _status, payload = await post(base, action, {**call, "Digits": digit}, tally, step)
        action = expect(tally, step, payload, "Record" if step == "desa" else "Gather")
    if not action:
        return
    sid = f"RE{RUN}{index:026d}"
    recording = f"https://api.twilio.com/2010-04-01/Accounts/{call['AccountSid']}/Recordings/{sid}"
    await asyncio.sleep(random.uniform(2, 5))
    _status, payload = await post(base, action, {
        **call, "RecordingUrl": recording, "RecordingSid": sid, "RecordingDuration": "14",
        "Digits": "#"}, tally, "record")
    action = expect(tally, "record", payload, "Gather")
    if not action:
        return
    await asyncio.sleep(random.uniform(2, 5))
    _status, payload = await post(base, action, {**call, "Digits": "1"}, tally, "confirm")
    expect(tally, "confirm", payload, "Gather")  # the ticket, read back
    await asyncio.sleep(random.uniform(2, 5))
    await post(base, "/twilio/voice/status", {**call, "CallStatus": "completed",
                                              "CallDuration": "40"}, tally, "status")
    await post(base, "/twilio/voice/recording", {
        **call, "RecordingSid": sid, "RecordingUrl": recording, "RecordingStatus": "completed",
        "RecordingDuration": "14"}, tally, "recording")


async def text(base: str, index: int, start_at: float, tally: Tally) -> None:
    await asyncio.sleep(start_at)
    _status, payload = await post(base, "/twilio/sms", {
        "MessageSid": f"SM{RUN}{index:026d}", "AccountSid": "AC" + "0" * 32,
        "From": f"+62814{index:08d}", "To": "+62341512178",
        "Body": BODIES[index % len(BODIES)], "NumMedia": "0"}, tally, "sms")
    if not payload.startswith(b"<?xml"):
        tally.errors.append(f"sms: {payload[:60]!r}")


async def burst(base: str, callers: int, texts: int, spread: float) -> Tally:
    tally = Tally()
    tasks = [caller(base, i, random.uniform(0, spread), tally) for i in range(callers)]
    tasks += [text(base, i, random.uniform(0, spread), tally) for i in range(texts)]
    await asyncio.gather(*tasks)
    return tally


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds used so far by each part of the run, from /proc."""

    gunicorn: float
    postgres: float
    worker: float
    client: float

    @classmethod
    def now(cls, master: int, worker: int) -> CpuUse:
        return cls(gunicorn_cpu(master), postgres_cpu(), cpu_seconds(worker), time.process_time())

    def __sub__(self, other: CpuUse) -> CpuUse:
        return CpuUse(self.gunicorn - other.gunicorn, self.postgres - other.postgres,
                      self.worker - other.worker, self.client - other.client)

    @property
    def total(self) -> float:
        return self.gunicorn + self.postgres + self.worker + self.client


def warm_up(base: str) -> None:
    """Wait until gunicorn's workers have built the app: the port opens before they have."""
    deadline = time.monotonic() + 60
    quick = 0
    while quick < 16 and time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=10) as answer:
                ok = answer.status == 200
        except OSError:
            ok = False
        quick = quick + 1 if ok and time.monotonic() - started < 0.05 else 0
        time.sleep(0.05)


def lost(database_url: str, callers: int, texts: int, spool: Path) -> tuple[int, list[str]]:
    """How many did not make it, and which: reports, recordings, texts, spooled requests."""
    engine = create_engine(database_url)
    reports, recordings, messages = (models.Report.__table__, models.Recording.__table__,
                                     models.Message.__table__)
    with engine.connect() as connection:
        filed = connection.scalar(select(func.count()).select_from(reports).where(
            reports.c.call_sid.startswith(f"CA{RUN}"), reports.c.status.in_(
                ("new", "duplicate"))))
        kept = connection.scalar(select(func.count()).select_from(recordings).where(
            recordings.c.recording_sid.startswith(f"RE{RUN}"),
            recordings.c.status == "completed", recordings.c.report_id.is_not(None)))
        stored = connection.scalar(select(func.count()).select_from(messages).where(
            messages.c.provider_id.startswith(f"SM{RUN}"), messages.c.report_id.is_not(None)))
    engine.dispose()
    spooled = len(list(spool.glob("*.json"))) if spool.is_dir() else 0
    counts = {"calls without a filed report": callers - filed,
              "recordings not kept with their report": callers - kept,
              "texts not stored as reports": texts - stored,
              "requests still in the spool": spooled}
    return sum(counts.values()), [f"{n} {what}" for what, n in counts.items() if n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True,
                        help="postgresql+psycopg://... (the production database)")
    parser.add_argument("--callers", type=int, default=1000)
    parser.add_argument("--texts", type=int, default=200)
    parser.add_argument("--spread", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="lapor-burst-"))
    # Recordings point at Twilio, unreachable here: the worker refuses them at once instead of
    # retrying the network; it still sends the ticket texts (console backend).
    env = gateway_env(args.database_url, workdir, VOICE_PROMPTS="say",
                      MEDIA_ALLOWED_HOSTS="media.invalid")
    worker = subprocess.Popen([str(BIN / "lapor"), "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with serving({"gateway": "gateway:create_app()"}, env, args.workers) as servers:
            warm_up(servers["gateway"])
            master = GUNICORN_MASTERS[servers["gateway"]]
            before = CpuUse.now(master, worker.pid)
            started = time.monotonic()
            tally = asyncio.run(burst(servers["gateway"], args.callers, args.texts,
                                      args.spread))
            took = time.monotonic() - started
            used = CpuUse.now(master, worker.pid) - before
    finally:
        worker.terminate()
        worker.wait(timeout=15)
    missing, which = lost(args.database_url, args.callers, args.texts, workdir / "spool")
    print(f"burst: {args.callers} callers and {args.texts} texts over {args.spread:.0f} s "
          f"(done in {took:.0f} s), gunicorn {args.workers} workers x 4 threads, "
          f"{urlsplit(args.database_url).scheme}, lapor worker beside, {os.cpu_count()} cores")
    print(f"{'step':<10} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    worst = 0.0
    for step, values in tally.latencies.items():
        values.sort()
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        worst = max(worst, p99)
        print(f"{step:<10} {len(values):>8} {statistics.median(values):>8.1f} {p99:>8.1f} "
              f"{values[-1]:>8.1f}")
    requests = sum(len(values) for values in tally.latencies.values())
    print(f"CPU during the burst: gunicorn {used.gunicorn:.1f} s "
          f"({used.gunicorn / max(requests, 1) * 1000:.1f} ms a request), PostgreSQL "
          f"{used.postgres:.1f} s, worker {used.worker:.1f} s, this load generator "
          f"{used.client:.1f} s; {used.total / took:.2f} of {os.cpu_count()} cores on average")
    print(f"errors: {len(tally.errors)}" + (f" (first: {tally.errors[:3]})" if tally.errors
                                             else ""))
    print(f"lost: {missing}" + (f" ({'; '.join(which)})" if which else ""))
    met = not tally.errors and not missing and worst < 150
    print(f"worst step p99: {worst:.1f} ms; target (0 lost, 0 errors, p99 < 150 ms): "
          f"{'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
