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

import asyncio
import os
import tempfile
from pathlib import Path

from bench.load import Result, arguments, fire, gateway_env, report, signed, start, summarise


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
    args = arguments(__doc__.split("\n\n")[0])
    workdir = Path(tempfile.mkdtemp(prefix="lapor-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir}/bench.db"
    env = gateway_env(database_url, workdir, VOICE_PROMPTS="say")

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

    backend = database_url.split(":", 1)[0]
    print(f"IVR step benchmark: {args.requests} requests x {args.rounds} rounds, "
          f"{args.concurrency} connections, gunicorn {args.workers} workers x 4 threads, "
          f"database {backend}, {os.cpu_count()} cores (best round shown)")
    best = report(results)
    ratio = best["ivr"].rps / best["signed"].rps
    print(f"ratio ivr/signed throughput: {ratio:.2f} (target >= 0.60)")
    print(f"ratio signed/hello throughput: {best['signed'].rps / best['hello'].rps:.2f}")
    print(f"ivr p99: {best['ivr'].p99_ms:.1f} ms (target < 50 ms)")


if __name__ == "__main__":
    main()
