"""Benchmark the queue page on a large PostgreSQL database.

    .venv/bin/python -m bench.queue_page [--reports 1000000]
                                         [--database-url postgresql+psycopg://.../lapor_queue_bench]

Seeds the reports with one INSERT ... SELECT generate_series (realistic spread over two years,
categories, agencies, channels, statuses and desa), then measures the server time of the queue
page's first page, unfiltered and with each filter and search, rendered by the real view through
Flask's test client (median of 5, after one warm-up). Prints the times against the 150 ms goal
and whether each query's plan uses an index. The database is created if missing and emptied.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from datetime import UTC, datetime

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from gateway.app import create_app
from gateway.operators.accounts import add_operator
from gateway.settings import PROJECT_ROOT, load_settings
from gateway.store.database import Database
from gateway.store.reference import load_catalog, sync_reference

GOAL_MS = 150
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/lapor_queue_bench"
FILTERS = {
    "first page": {},
    "status=new": {"status": "new"},
    "agency=PUPR": {"agency": "PUPR"},
    "agency=triase": {"agency": "triase"},
    "channel=whatsapp": {"channel": "whatsapp"},
    "kecamatan Bumiaji": {"area": "35.79.02"},
    "desa Punten": {"area": "35.79.02.2001"},
    "dates (one week)": {"from": "2026-06-01", "to": "2026-06-07"},
    "search ticket": {"q": "TICKET"},
    "search phone": {"q": "+6281200012345"},
    "search text": {"q": "berlubang"},
    "search rare text": {"q": "kebakaran"},
}


def seed(url: str, count: int) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE reports RESTART IDENTITY CASCADE"))
        connection.execute(text("""
            INSERT INTO reports (ticket, channel, reporter, language, category_code, area_code,
                text, status, agency_code, priority, routing, created_at, updated_at,
                acknowledge_by, resolve_by)
            SELECT (100000000 + g * 7 + (g % 5))::text,
                   (ARRAY['voice','sms','whatsapp','sms'])[1 + g % 4],
                   '+62812' || lpad((g % 100000)::text, 8, '0'),
                   (ARRAY['id','id','jv','en'])[1 + g % 4],
                   (ARRAY['jalan','sampah','bencana','pertanian','lainnya',
                          'air_bersih'])[1 + g % 6],
                   (SELECT code FROM areas WHERE level <> 'kecamatan' ORDER BY code
                    OFFSET (g % 24) LIMIT 1),
                   (ARRAY['jalan berlubang dekat sekolah','sampah menumpuk','longsor kecil',
                          'hama di kebun apel','mohon dicek','air pdam mati'])[1 + g % 6],
                   (ARRAY['new','forwarded','in_progress','resolved','resolved','rejected'])
                       [1 + (g / 7) % 6],
                   (ARRAY['PUPR','DLH','BPBD','PERTANIAN',NULL,'PERUMDA_AIR'])[1 + g % 6],
                   'normal', '{}'::json,
                   timestamptz '2025-01-01' + (g * interval '63 seconds'),
                   timestamptz '2025-01-01' + (g * interval '63 seconds'),
                   timestamptz '2025-01-02' + (g * interval '63 seconds'),
                   timestamptz '2025-01-08' + (g * interval '63 seconds')
            FROM generate_series(1, :count) AS g
        """), {"count": count})
        connection.execute(text("ANALYZE reports"))
    engine.dispose()


def ensure_database(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": parsed.database})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def plans(url: str, ticket: str) -> dict[str, str]:
    """Whether the query behind each filter uses an index (EXPLAIN of equivalent SQL)."""
    base = "SELECT id FROM reports {where} ORDER BY created_at DESC, id DESC LIMIT 50"
    wheres = {
        "first page": "", "status=new": "WHERE status = 'new'",
        "agency=PUPR": "WHERE agency_code = 'PUPR'", "agency=triase": "WHERE agency_code IS NULL",
        "channel=whatsapp": "WHERE channel = 'whatsapp'",
        "kecamatan Bumiaji": "WHERE area_code = '35.79.02' OR area_code LIKE '35.79.02.%'",
        "desa Punten": "WHERE area_code = '35.79.02.2001' OR area_code LIKE '35.79.02.2001.%'",
        "dates (one week)": "WHERE created_at >= '2026-06-01' AND created_at < '2026-06-08'",
        "search ticket": f"WHERE ticket = '{ticket}'",
        "search phone": "WHERE reporter = '+6281200012345'",
        "search text": "WHERE text ILIKE '%berlubang%'",
        "search rare text": "WHERE text ILIKE '%kebakaran%'",
    }
    found = {}
    engine = create_engine(url)
    with engine.connect() as connection:
        for name, where in wheres.items():
            plan = "\n".join(row[0] for row in connection.execute(
                text("EXPLAIN " + base.format(where=where))))
            indexes = sorted(set(re.findall(
                r"(?:Index Only Scan|Index Scan)(?: Backward)? using (\w+)"
                r"|Bitmap Index Scan on (\w+)", plan)))
            indexes = sorted({name for pair in indexes for name in pair if name})
            found[name] = ", ".join(indexes) if indexes else "no index (sequential scan)"
    engine.dispose()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()

    ensure_database(args.database_url)
    database = Database(args.database_url)
    database.upgrade()
    catalog = load_catalog(PROJECT_ROOT / "config")
    with database.session() as session:
        sync_reference(session, catalog)
    began = time.perf_counter()
    seed(args.database_url, args.reports)
    seeded = time.perf_counter() - began
    with database.session() as session:
        session.execute(text("DELETE FROM operators WHERE username = 'bench'"))
        add_operator(session, "bench", "bench-password-123", "command-center", None,
                     datetime.now(UTC))
        ticket = session.scalar(text("SELECT ticket FROM reports ORDER BY id DESC LIMIT 1"))
    database.dispose()

    settings = load_settings({"DATABASE_URL": args.database_url, "SECRET_KEY": "b" * 32,
                              "TWILIO_AUTH_TOKEN": "bench-token-123", "LOG_LEVEL": "WARNING"},
                             ())
    app = create_app(settings)
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": "bench-password-123"})
    print(f"queue page benchmark: {args.reports:,} reports in PostgreSQL (seeded in {seeded:.0f} s)"
          f"; server time, median of 5 after a warm-up; goal < {GOAL_MS} ms")
    index_use = plans(args.database_url, str(ticket))
    print(f"{'filter':<20} {'ms':>7}  {'goal':<5} index used")
    for name, query in FILTERS.items():
        params = {k: (str(ticket) if v == "TICKET" else v) for k, v in query.items()}
        client.get("/queue", query_string=params)
        times = []
        for _ in range(5):
            began = time.perf_counter()
            response = client.get("/queue", query_string=params)
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        median = statistics.median(times)
        print(f"{name:<20} {median:>7.1f}  {'ok' if median < GOAL_MS else 'SLOW':<5} "
              f"{index_use[name]}")
    app.extensions["lapor"].db.dispose()


if __name__ == "__main__":
    main()
