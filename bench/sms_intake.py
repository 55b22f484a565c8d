"""Benchmark SMS intake against a minimal signed endpoint that does one insert, in one run.

    .venv/bin/python -m bench.sms_intake [--seconds 5] [--concurrency 64] [--rounds 2]
                                         [--database-url postgresql+psycopg://...]

Targets, each served by gunicorn with the same worker settings on 127.0.0.1, loaded by wrk
(apt-get install wrk) for `--seconds` per round:
  insert   signature check and a single INSERT of the message
  intake   the gateway's /twilio/sms: signature, duplicate check, parse, place lookup, report
           with ticket and routing, history, reply in the outbox, all in one transaction

Every request is a distinct message (its own MessageSid) from a distinct number. Prints req/s, p50
and p99, CPU per request (gunicorn, PostgreSQL), the ratio (a regression floor: intake >= 0.3 x
insert; latency targets are bench.burst's) and the ratio the CPU figures predict, and checks
afterwards that every message the gateway took in became one report with one queued reply (wrk
stops counting at its deadline, so up to one request per connection is answered uncounted).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select

from bench.load import Result, arguments, cpu_ratio, gateway_env, report, serving, signed, wrk
from gateway.store import models

BODIES = ["LAPOR jalan berlubang di Punten dekat SD", "sampah numpuk di Oro-oro Ombo",
          "lampu jalan mati di Sisir", "longsor kecil di Sumberbrantas, tolong dicek"]


RUN = f"{int(time.time()) % 10**6:06d}"  # reruns against one database use new message ids
MESSAGES_PER_SECOND = 6000  # more than either target serves: the prepared messages never run out


def message(index: int, round_no: int) -> dict[str, str]:
    return {"MessageSid": f"SM{RUN}{round_no:02d}{index:024x}", "AccountSid": "AC" + "0" * 32,
            "From": f"+628{RUN[-4:]}{round_no % 10}{index:05d}", "To": "+62341512178",
            "Body": BODIES[index % len(BODIES)], "NumMedia": "0"}


def counts(database_url: str) -> tuple[int, int, int]:
    """Messages taken in, reports, queued replies: the run is what these grow by."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return tuple(int(connection.scalar(query) or 0) for query in (
                select(func.count()).select_from(models.Message)
                .where(models.Message.direction == "in"),
                select(func.count()).select_from(models.Report),
                select(func.count()).select_from(models.OutboxItem),
            ))  # type: ignore[return-value]
    finally:
        engine.dispose()


def main() -> None:
    args = arguments(__doc__.split("\n\n")[0])
    workdir = Path(tempfile.mkdtemp(prefix="lapor-bench-"))
    database_url = args.database_url or f"sqlite:///{workdir}/bench.db"
    insert_url = database_url if args.database_url else f"sqlite:///{workdir}/insert.db"
    env = gateway_env(database_url, workdir, BENCH_INSERT_URL=insert_url)

    targets = {"insert": "bench.apps:signed_insert_app()", "intake": "gateway:create_app()"}
    results: dict[str, list[Result]] = {name: [] for name in targets}
    answered = 0
    before = counts(database_url)
    with serving(targets, env, args.workers) as servers:
        for round_no in range(args.rounds):
            for name, base in servers.items():
                requests = [signed(base, "/twilio/sms", message(i, round_no))
                            for i in range(MESSAGES_PER_SECOND * args.seconds)]
                result = wrk(base, requests, name, "<Response", args)
                results[name].append(result)
                if name == "intake":
                    answered += result.count - result.errors
    taken, stored, replies = (b - a for a, b in zip(before, counts(database_url), strict=True))

    print(f"SMS intake benchmark: {args.seconds} s x {args.rounds} rounds per target, "
          f"{args.concurrency} connections (wrk), gunicorn {args.workers} workers x 4 threads, "
          f"database {database_url.split(':', 1)[0]}, {os.cpu_count()} cores (best round shown)")
    best = report(results)
    ratio = best["intake"].rps / best["insert"].rps
    print(f"ratio intake/insert throughput: {ratio:.2f} (regression floor >= 0.3: "
          f"{'kept' if ratio >= 0.3 else 'BELOW'})")
    print(cpu_ratio(best["intake"], best["insert"]))
    print(f"intake p99: {best['intake'].p99_ms:.1f} ms at {args.concurrency} busy connections "
          "(the latency target is bench.burst's)")
    whole = answered <= taken <= answered + args.rounds * args.concurrency
    print(f"answered {answered} (wrk), messages taken in {taken}, stored reports {stored}, "
          f"queued replies {replies}: "
          f"{'equal' if whole and taken == stored == replies else 'MISMATCH'}")


if __name__ == "__main__":
    main()
