"""Shared pieces of the benchmarks: gunicorn servers on 127.0.0.1 and a load from wrk,
bounded in time (`--seconds`) and in count (the prepared requests)."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOKEN = "bench-auth-token-0123456789"


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    count: int
    cpu_us: float = 0.0  # CPU of the target's gunicorn processes per answered request
    db_cpu_us: float = 0.0  # CPU of the machine's PostgreSQL processes per answered request


GUNICORN_MASTERS: dict[str, int] = {}  # base URL -> gunicorn master, for the CPU figures
_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process (all its threads)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:  # it ended
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def gunicorn_cpu(master: int) -> float:
    """CPU seconds of a gunicorn master and its workers so far."""
    try:
        with open(f"/proc/{master}/task/{master}/children") as children:
            workers = [int(pid) for pid in children.read().split()]
    except OSError:
        workers = []
    return sum(cpu_seconds(pid) for pid in (master, *workers))


def postgres_cpu() -> float:
    """CPU seconds of every PostgreSQL process on the machine so far (0 when none runs)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as comm:
                    if comm.read().strip() == "postgres":
                        total += cpu_seconds(int(entry))
            except OSError:
                continue
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(app: str, env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--worker-class", "gthread", "--threads", "4", "--backlog", "512",
         "--log-level", "warning", app],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, base
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{app} did not start")


@contextlib.contextmanager
def serving(apps: dict[str, str], env: dict[str, str], workers: int) -> Iterator[dict[str, str]]:
    """Each app ("module:factory()") under its own gunicorn; yields name -> base URL and stops
    them all at the end, whatever happened."""
    servers = {name: start(app, env, workers) for name, app in apps.items()}
    GUNICORN_MASTERS.update({base: process.pid for process, base in servers.values()})
    try:
        yield {name: base for name, (_process, base) in servers.items()}
    finally:
        for process, _base in servers.values():
            process.terminate()
        for process, _base in servers.values():
            process.wait(timeout=15)


def signed(base: str, path: str, params: dict[str, str]) -> tuple[str, str, str]:
    """One prepared request: its path, Twilio signature and form body."""
    signature = RequestValidator(TOKEN).compute_signature(base + path, params)
    return path, signature, urlencode(params)


def wrk(base: str, requests: list[tuple[str, str, str]], name: str, expect: str,
        args: argparse.Namespace, cycle: bool = False) -> Result:
    """Send `requests` in order with wrk for `args.seconds`, over `args.concurrency` keep-alive
    connections; wrk (C, one thread) leaves the cores to the servers being measured, where a
    Python client took a third of them. Stateless targets may get the requests again (`cycle`);
    for the others, running out of requests is an error."""
    if shutil.which("wrk") is None:
        raise SystemExit("the benchmarks need wrk: apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        for path, signature, body in requests:
            listing.write(f"{path}\t{signature}\t{body}\n")
    env = {**os.environ, "BENCH_REQUESTS": listing.name, "BENCH_EXPECT": expect,
           "BENCH_THREADS": "1", "BENCH_CYCLE": "1" if cycle else "0"}
    master = GUNICORN_MASTERS.get(base)
    cpu_before = gunicorn_cpu(master) if master else 0.0
    db_before = postgres_cpu()
    try:
        run = subprocess.run(
            ["wrk", "--threads", "1", "--connections", str(args.concurrency),
             "--duration", f"{args.seconds}s", "--timeout", "10s",
             "--script", str(ROOT / "bench" / "requests.lua"), base],
            env=env, capture_output=True, text=True, timeout=args.seconds + 60, check=True,
        )
    finally:
        os.unlink(listing.name)
    line = next(x for x in run.stdout.splitlines() if x.startswith("BENCH "))
    figures = {key: int(value) for key, value in (part.split("=") for part in line.split()[1:])}
    if figures["exhausted"]:
        raise SystemExit(f"{name}: the {len(requests)} prepared requests ran out; "
                         "prepare more or shorten --seconds")
    seconds = figures["duration_us"] / 1e6
    answered = max(figures["requests"], 1)
    cpu = (gunicorn_cpu(master) - cpu_before) if master else 0.0
    return Result(name, figures["requests"] / seconds, figures["p50_us"] / 1000,
                  figures["p99_us"] / 1000, figures["bad"] + figures["socket_errors"],
                  figures["requests"], cpu / answered * 1e6,
                  (postgres_cpu() - db_before) / answered * 1e6)


def report(results: dict[str, list[Result]]) -> dict[str, Result]:
    """Print the best round of each target; returns them. CPU per request (the target's
    gunicorn processes; the machine's PostgreSQL) is steadier than req/s on a shared machine:
    it does not count the time a process waited for a core."""
    best = {name: max(runs, key=lambda r: r.rps) for name, runs in results.items()}
    print(f"{'target':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
          f"{'CPU us/req':>11} {'db us/req':>10}")
    for result in best.values():
        print(f"{result.name:<8} {result.rps:>8.0f} {result.p50_ms:>8.1f} {result.p99_ms:>8.1f} "
              f"{result.errors:>7} {result.cpu_us:>11.0f} {result.db_cpu_us:>10.0f}")
    return best


def cpu_ratio(target: Result, baseline: Result) -> str:
    """The throughput ratio the CPU figures predict for a server with cores to itself: the
    baseline's CPU (gunicorn + PostgreSQL) per request over the target's."""
    spent = target.cpu_us + target.db_cpu_us
    ratio = (baseline.cpu_us + baseline.db_cpu_us) / spent if spent else 0.0
    return (f"CPU per request {target.name}/{baseline.name}: {spent:.0f} / "
            f"{baseline.cpu_us + baseline.db_cpu_us:.0f} us (throughput ratio by CPU: "
            f"{ratio:.2f})")


def arguments(description: str) -> argparse.Namespace:
    """The options every benchmark takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=int, default=5, help="per target and round")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def gateway_env(database_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    """The environment of a benchmarked gateway, with its database migrated."""
    env = {**os.environ, "TWILIO_AUTH_TOKEN": TOKEN, "SECRET_KEY": "bench-secret-key-0123456789",
           "DATABASE_URL": database_url, "INSTANCE_DIR": str(workdir), "LOG_LEVEL": "WARNING",
           **extra}
    migrated = subprocess.run([str(BIN / "lapor"), "db", "upgrade"], env=env, cwd=workdir,
                              capture_output=True, text=True)
    if migrated.returncode:
        raise SystemExit(migrated.stderr)
    return env
