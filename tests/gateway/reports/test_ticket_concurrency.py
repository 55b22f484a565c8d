"""Tickets stay unique when many reports are filed at the same moment.

Runs against the suite's database: PostgreSQL in CI (TEST_DATABASE_URL), SQLite otherwise. The
ticket generator is narrowed to a small pool so concurrent writers really collide.
"""

import logging
import random
import threading

from sqlalchemy import select

from gateway.reports.filing import NewReport, file_report
from gateway.reports.tickets import damm_digit, is_valid_ticket
from gateway.store import models

THREADS = 16
REPORTS_PER_THREAD = 5


def test_concurrent_reports_get_unique_tickets(database, catalog, clock, db_session, caplog):
    caplog.set_level(logging.INFO, logger="gateway.reports.filing")
    # 80 reports into 200 tickets: collisions are certain (the birthday bound), while 20 draws in
    # a row all taken (at most 40 % of the pool is) stay out of reach; with 100 tickets they were
    # not (~3 % of runs).
    pool = [body + damm_digit(body) for body in (str(10000000 + i * 7919) for i in range(200))]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def file_reports(seed: int) -> None:
        rng = random.Random(seed)
        try:
            barrier.wait(timeout=30)
            for n in range(REPORTS_PER_THREAD):
                with database.transaction() as connection:
                    file_report(
                        connection, catalog,
                        NewReport(channel="sms", reporter="+6281234567890",
                                  category_code="sampah", text=f"sampah {seed}-{n}"),
                        now=clock(), ticket_factory=lambda: rng.choice(pool),
                    )
        except BaseException as exc:  # reported to the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=file_reports, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    tickets = db_session.scalars(select(models.Report.ticket)).all()
    assert len(tickets) == THREADS * REPORTS_PER_THREAD
    assert len(set(tickets)) == len(tickets)
    assert all(is_valid_ticket(t) for t in tickets)
    collisions = [r for r in caplog.records if "ticket collision" in r.getMessage()]
    assert collisions, "the narrowed pool should have forced collisions"
