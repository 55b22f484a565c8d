"""Shared pieces of the benchmarks: gunicorn servers on 127.0.0.1 and a bounded async load."""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
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



def report(results: dict[str, list[Result]]) -> dict[str, Result]:
    """Print the best round of each target; returns them."""
    best = {name: max(runs, key=lambda r: r.rps) for name, runs in results.items()}
    print(f"{'target':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for result in best.values():
        print(f"{result.name:<8} {result.rps:>8.0f} {result.p50_ms:>8.1f} {result.p99_ms:>8.1f} "
              f"{result.errors:>7}")
    return best


def arguments(description: str) -> argparse.Namespace:
    """The options every benchmark takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--requests", type=int, default=2000)
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
