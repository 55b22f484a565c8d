"""Benchmark one IVR step against two baselines, side by side in one run, on 127.0.0.1 only.

    .venv/bin/python -m bench.ivr_step [--requests 2000] [--concurrency 64] [--rounds 2]
                                       [--database-url postgresql+psycopg://...]

Targets, each served by gunicorn with the same worker settings:
  hello    a Flask hello-world (the ceiling of any view here)
  signed   a minimal Twilio webhook: signature check and fixed TwiML
  ivr      the gateway's /twilio/voice/step: signature check, call state load and save in the
           database, the flow engine, TwiML rendering (a caller pressing 1 in the main menu)

Each call used in the timed phase is set up beforehand (dialled, language chosen), so every timed
request is a real step, not a replay. Prints requests/s, p50 and p99 latency for each target and
the ratios; the goal is ivr >= 0.6 x signed and ivr p99 < 50 ms at 64 connections. Requests are
bounded in count; servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
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


def signed(base: str, path: str, params: dict[str, str]) -> tuple[str, dict[str, str], str]:
    url = base + path
    return url, params, RequestValidator(TOKEN).compute_signature(url, params)


async def fire(requests: list[tuple[str, dict[str, str], str]], concurrency: int,
               expect: bytes) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[tuple[str, dict[str, str], str]] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def client() -> None:
            nonlocal errors
            while not queue.empty():
                url, params, signature = queue.get_nowait()
                began = time.perf_counter()
                async with session.post(url, data=params,
                                        headers={"X-Twilio-Signature": signature}) as reply:
                    body = await reply.read()
                latencies.append(time.perf_counter() - began)
                if reply.status != 200 or expect not in body:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        return time.perf_counter() - began, latencies, errors


def summarise(name: str, wall: float, latencies: list[float], errors: int) -> Result:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return Result(name, len(latencies) / wall, statistics.median(ordered) * 1000, p99 * 1000,
                  errors)


def call_params(index: int, round_no: int) -> dict[str, str]:
    return {"CallSid": f"CA{round_no:04d}{index:028x}", "From": f"+628{index:010d}",
            "To": "+62341512178", "AccountSid": "AC" + "0" * 32}


async def prepare_calls(base: str, count: int, round_no: int, concurrency: int) -> None:
    """Dial each call and choose Indonesian, so the timed request is a main-menu step."""
    dials = [signed(base, "/twilio/voice", call_params(i, round_no)) for i in range(count)]
    _, _, errors = await fire(dials, concurrency, b"<Gather")
    language = [signed(base, "/twilio/voice/step?seq=1", {**call_params(i, round_no),
                                                           "Digits": "1"}) for i in range(count)]
    _, _, more = await fire(language, concurrency, b"<Gather")
    if errors or more:
        raise SystemExit(f"setting up calls failed: {errors + more} errors")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lapor-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir}/bench.db"
    env = {**os.environ, "TWILIO_AUTH_TOKEN": TOKEN, "SECRET_KEY": "bench-secret-key-0123456789",
           "DATABASE_URL": database_url, "INSTANCE_DIR": str(workdir), "LOG_LEVEL": "WARNING",
           "VOICE_PROMPTS": "say"}
    migrated = subprocess.run([str(BIN / "lapor"), "db", "upgrade"], env=env, cwd=workdir,
                              capture_output=True, text=True)
    if migrated.returncode:
        raise SystemExit(migrated.stderr)

    targets = {"hello": "bench.apps:hello_app()", "signed": "bench.apps:signed_twiml_app()",
               "ivr": "gateway:create_app()"}
    servers = {name: start(app, env, args.workers) for name, app in targets.items()}
    results: dict[str, list[Result]] = {name: [] for name in targets}
    try:
        for round_no in range(args.rounds):
            for name, (_process, base) in servers.items():
                if name == "ivr":
                    asyncio.run(prepare_calls(base, args.requests, round_no, args.concurrency))
                    requests = [signed(base, "/twilio/voice/step?seq=2",
                                       {**call_params(i, round_no), "Digits": "1"})
                                for i in range(args.requests)]
                    expect = b"<Gather"
                else:
                    requests = [signed(base, "/twilio/voice/step", {**call_params(i, round_no),
                                                                    "Digits": "1"})
                                for i in range(args.requests)]
                    expect = b"hello" if name == "hello" else b"<Gather"
                wall, latencies, errors = asyncio.run(fire(requests, args.concurrency, expect))
                results[name].append(summarise(name, wall, latencies, errors))
    finally:
        for process, _base in servers.values():
            process.terminate()
        for process, _base in servers.values():
            process.wait(timeout=15)

    best = {name: max(runs, key=lambda r: r.rps) for name, runs in results.items()}
    backend = database_url.split(":", 1)[0]
    print(f"IVR step benchmark: {args.requests} requests x {args.rounds} rounds, "
          f"{args.concurrency} connections, gunicorn {args.workers} workers x 4 threads, "
          f"database {backend}, {os.cpu_count()} cores (best round shown)")
    print(f"{'target':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for result in best.values():
        print(f"{result.name:<8} {result.rps:>8.0f} {result.p50_ms:>8.1f} {result.p99_ms:>8.1f} "
              f"{result.errors:>7}")
    ratio = best["ivr"].rps / best["signed"].rps
    print(f"ratio ivr/signed throughput: {ratio:.2f} (target >= 0.60)")
    print(f"ratio signed/hello throughput: {best['signed'].rps / best['hello'].rps:.2f}")
    print(f"ivr p99: {best['ivr'].p99_ms:.1f} ms (target < 50 ms)")


if __name__ == "__main__":
    main()
