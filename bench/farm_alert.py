"""An alert to 10,000 farmers: how long queueing it takes and how much memory, how fast the
worker sends it, and whether the pages stay responsive meanwhile. On 127.0.0.1 only.

    .venv/bin/python -m bench.farm_alert [--farmers 10000] [--database-url postgresql+psycopg://...]
                                         [--rate 500] [--seconds 40]

1. `--farmers` registered farmers are inserted (set-up, not timed).
2. `gateway.farming.alerts.send` queues the alert to all of them in one transaction: timed, with
   the peak of Python memory it allocates (tracemalloc).
3. `lapor worker` sends it (SMS_BACKEND=kannel) to a local stand-in for Kannel's sendsms
   interface, which answers as Kannel does ("0: Accepted for delivery"); texts are due at
   `--rate` a second. For `--seconds` the bench counts texts sent per second, while it loads the
   alerts page (signed in, under gunicorn) twice a second and times each answer.
"""

from __future__ import annotations

import argparse
import http.server
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import requests
from sqlalchemy import func, insert, select

from bench.load import BIN, ROOT, gateway_env, serving
from gateway.farming import alerts
from gateway.operators.accounts import add_operator
from gateway.settings import load_settings
from gateway.store import models
from gateway.store.database import Database

PASSWORD = "bench-kata-sandi-123"


class FakeSendsms(http.server.BaseHTTPRequestHandler):
    """Kannel's sendsms interface, answering every text as accepted."""

    accepted = 0

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        FakeSendsms.accepted += 1
        body = b"0: Accepted for delivery"
        self.send_response(202)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


def insert_farmers(database: Database, count: int) -> None:
    now = datetime.now(UTC)
    desa = ["35.79.02.2001", "35.79.02.2003", "35.79.02.2009"]
    with database.transaction() as connection:
        for start in range(0, count, 2000):
            rows = [{"phone": f"+62857{n:08d}", "name": f"Petani {n}", "desa_code": desa[n % 3],
                     "dusun": "", "group_name": "", "notes": "", "language": "id",
                     "consent_at": now, "consent_channel": "sms", "registered_by": "",
                     "created_at": now, "updated_at": now}
                    for n in range(start, min(start + 2000, count))]
            ids = connection.execute(insert(models.Farmer.__table__).returning(
                models.Farmer.__table__.c.id, sort_by_parameter_order=True), rows).scalars()
            connection.execute(insert(models.FarmerCommodity.__table__),
                               [{"farmer_id": i, "commodity": "kentang"} for i in ids])


def queue_alert(database: Database, env: dict[str, str]) -> tuple[float, float, int]:
    settings = load_settings({k: v for k, v in env.items()}, ())
    tracemalloc.start()
    started = time.perf_counter()
    with database.transaction() as connection:
        _id, reached = alerts.send(connection, settings, "pest", "Waspada busuk daun kentang. "
                                   "Periksa tanaman Anda.", [], ["kentang"], None, "bench",
                                   datetime.now(UTC))
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return took * 1000, peak / 1024 / 1024, reached


def signed_in(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=10).text
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert csrf, page[:300]
    session.post(f"{base}/login", data={"username": "bench", "password": PASSWORD,
                                        "csrf_token": csrf.group(1)}, timeout=10)
    return session


def sent(database: Database) -> int:
    with database.reading() as connection:
        return int(connection.scalar(select(func.count()).select_from(
            models.OutboxItem.__table__).where(models.OutboxItem.__table__.c.status == "done",
                                               models.OutboxItem.__table__.c.kind == "sms"))
                   or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--farmers", type=int, default=10000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--rate", type=float, default=500.0)
    parser.add_argument("--seconds", type=float, default=40.0)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="lapor-alert-"))
    url = args.database_url or f"sqlite:///{workdir}/lapor.db"
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeSendsms)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    env = gateway_env(url, workdir, SMS_BACKEND="kannel", KANNEL_USERNAME="bench",
                      KANNEL_PASSWORD="bench-password",
                      KANNEL_SENDSMS_URL=f"http://127.0.0.1:{fake.server_port}/cgi-bin/sendsms",
                      FARM_ALERT_RATE=str(args.rate))
    database = Database(load_settings(env, ()).DATABASE_URL)
    with database.session() as session:
        add_operator(session, "bench", PASSWORD, "command-center", None, datetime.now(UTC))
    insert_farmers(database, args.farmers)
    queued_ms, peak_mb, reached = queue_alert(database, env)
    print(f"queue an alert to {reached} farmers: {queued_ms:.0f} ms, peak Python memory "
          f"{peak_mb:.1f} MB ({url.split(':', 1)[0]})")
    worker = subprocess.Popen([str(BIN / "lapor"), "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timings: list[float] = []
    try:
        with serving({"gateway": "gateway:create_app()"}, env, 2) as servers:
            session = signed_in(servers["gateway"])
            started, before = time.monotonic(), sent(database)
            while time.monotonic() - started < args.seconds and sent(database) < reached:
                tick = time.perf_counter()
                answer = session.get(f"{servers['gateway']}/farming/alerts", timeout=30)
                timings.append((time.perf_counter() - tick) * 1000)
                assert answer.status_code == 200, answer.status_code
                time.sleep(0.5)
            took, done = time.monotonic() - started, sent(database) - before
    finally:
        worker.terminate()
        worker.wait(timeout=15)
        fake.shutdown()
        database.dispose()
    timings.sort()
    print(f"worker: {done} texts sent in {took:.1f} s = {done / took:.0f} texts/s (due at "
          f"{args.rate:.0f}/s; the stand-in accepted {FakeSendsms.accepted}), {os.cpu_count()} "
          "cores")
    print(f"alerts page during the send: {len(timings)} loads, p50 "
          f"{statistics.median(timings):.0f} ms, max {timings[-1]:.0f} ms")


if __name__ == "__main__":
    main()
