"""Benchmark one IVR step against two baselines, side by side in one run, on 127.0.0.1 only.

    .venv/bin/python -m bench.ivr_step [--seconds 5] [--concurrency 64] [--rounds 2]
                                       [--database-url postgresql+psycopg://...]

Targets, each served by gunicorn with the same worker settings, loaded by wrk (apt-get install
wrk) for `--seconds` per round:
  hello    a Flask hello-world (the ceiling of any view here)
  signed   a minimal Twilio webhook: signature check and fixed TwiML
  ivr      the gateway's /twilio/voice/step: signature check, call state load and save in the
           database, the flow engine, TwiML rendering (a caller pressing 1 in the main menu)

Every timed IVR request is a real step of its own call, never a replay: one call is made through
the webhooks (dialled, Indonesian chosen) and its row is copied to as many calls as the round
can use; afterwards the bench checks that every answered step moved its call on. Prints
requests/s, p50 and p99 latency and CPU per request for each target and the ratios (also the one
the CPU figures predict). The ratio is a regression floor: ivr >= 0.5 x signed on SQLite, >= 0.28
on PostgreSQL; latency targets are bench.burst's. Servers are stopped at the end.
"""

from __future__ import annotations

import os
import tempfile
import time
import urllib.request
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.load import Result, arguments, cpu_ratio, gateway_env, report, serving, signed, wrk
from gateway.store import models
from gateway.store.database import make_engine

CALLS_PER_SECOND = 6000  # more than any target here serves: the prepared calls never run out


RUN = f"{int(time.time()) % 10**6:06d}"  # reruns against one database use new call ids


def call_prefix(round_no: int) -> str:
    return f"CA{RUN}{round_no:02d}"


def call_params(index: int, round_no: int) -> dict[str, str]:
    return {"CallSid": f"{call_prefix(round_no)}{index:024x}", "From": f"+628{index:010d}",
            "To": "+62341512178", "AccountSid": "AC" + "0" * 32}


def post(base: str, path: str, params: dict[str, str]) -> str:
    path, signature, body = signed(base, path, params)
    request = urllib.request.Request(base + path, data=body.encode(),
                                     headers={"X-Twilio-Signature": signature})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return str(reply.read().decode())


def prepare_calls(base: str, database_url: str, count: int, round_no: int) -> None:
    """Make call 0 through the webhooks up to the main menu, then copy it to calls 1..count-1."""
    first = call_params(0, round_no)
    for path, extra in (("/twilio/voice", {}), ("/twilio/voice/step?seq=1", {"Digits": "1"})):
        if "<Gather" not in post(base, path, {**first, **extra}):
            raise SystemExit(f"setting up a call failed at {path}")
    calls = models.Call.__table__
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            row = connection.execute(select(calls).where(
                calls.c.call_sid == first["CallSid"])).mappings().one()
            template = {k: v for k, v in row.items() if k != "id"}
            copies = [{**template, "call_sid": call_params(i, round_no)["CallSid"],
                       "from_number": call_params(i, round_no)["From"]}
                      for i in range(1, count)]
            for start_at in range(0, len(copies), 5000):
                connection.execute(insert(calls), copies[start_at:start_at + 5000])
    finally:
        engine.dispose()


def steps_taken(database_url: str, round_no: int) -> int:
    calls = models.Call.__table__
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).where(
                calls.c.call_sid.startswith(call_prefix(round_no)), calls.c.seq == 3)) or 0)
    finally:
        engine.dispose()


def main() -> None:
    args = arguments(__doc__.split("\n\n")[0])
    workdir = Path(tempfile.mkdtemp(prefix="lapor-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir}/bench.db"
    env = gateway_env(database_url, workdir, VOICE_PROMPTS="say")
    count = CALLS_PER_SECOND * args.seconds

    targets = {"hello": "bench.apps:hello_app()", "signed": "bench.apps:signed_twiml_app()",
               "ivr": "gateway:create_app()"}
    results: dict[str, list[Result]] = {name: [] for name in targets}
    checks: list[str] = []
    with serving(targets, env, args.workers) as servers:
        for round_no in range(args.rounds):
            for name, base in servers.items():
                if name == "ivr":
                    prepare_calls(base, database_url, count, round_no)
                    path, expect = "/twilio/voice/step?seq=2", "<Gather"
                else:
                    path, expect = "/twilio/voice/step", "hello" if name == "hello" else "<Gather"
                stateless = name != "ivr"
                requests = [signed(base, path, {**call_params(i, round_no), "Digits": "1"})
                            for i in range(1000 if stateless else count)]
                result = wrk(base, requests, name, expect, args, cycle=stateless)
                results[name].append(result)
                if name == "ivr":
                    moved = steps_taken(database_url, round_no)
                    # wrk stops counting at the deadline; steps still in flight then are saved.
                    ok = result.count <= moved <= result.count + args.concurrency
                    checks.append(f"round {round_no + 1}: {result.count} answered steps, "
                                  f"{moved} calls moved on ({'ok' if ok else 'MISMATCH'})")

    backend = database_url.split(":", 1)[0]
    print(f"IVR step benchmark: {args.seconds} s x {args.rounds} rounds per target, "
          f"{args.concurrency} connections (wrk), gunicorn {args.workers} workers x 4 threads, "
          f"database {backend}, {os.cpu_count()} cores (best round shown)")
    best = report(results)
    ratio = best["ivr"].rps / best["signed"].rps
    floor = 0.28 if backend.startswith("postgresql") else 0.5
    print(f"ratio ivr/signed throughput: {ratio:.2f} (regression floor >= {floor}: "
          f"{'kept' if ratio >= floor else 'BELOW'}; the machine moves it by +-0.1 between runs)")
    print(cpu_ratio(best["ivr"], best["signed"]))
    print(f"ratio signed/hello throughput: {best['signed'].rps / best['hello'].rps:.2f}")
    print(f"ivr p99: {best['ivr'].p99_ms:.1f} ms at {args.concurrency} busy connections "
          "(the latency target is bench.burst's)")
    for line in checks:
        print(line)


if __name__ == "__main__":
    main()
