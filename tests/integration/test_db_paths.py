"""The database plumbing of the hot webhook paths: statements run on the driver's cursor store
exactly what SQLAlchemy would, and SQLite writers queue on a lock that lives as long as their
transaction.

The first two run on the suite's database (PostgreSQL in CI); the queue is SQLite's own.
"""

from __future__ import annotations

import fcntl
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text, update

from gateway.reports.filing import OUTBOX, OUTBOX_COLUMNS
from gateway.store import models
from gateway.store.database import Database, DriverStatement
from gateway.texting.notices import outbox_job

NOW = datetime(2026, 11, 28, 1, 2, 3, 456789, tzinfo=UTC)


def test_driver_statement_stores_what_sqlalchemy_stores(database):
    row = outbox_job("sms", {"to": "+6281200000001", "body": "Halo ✓"}, NOW, None)
    with database.session() as session:
        connection = session.connection()
        DriverStatement(insert(OUTBOX), connection.dialect, OUTBOX_COLUMNS, many=True).run_many(
            connection, [row, row])
        connection.execute(insert(OUTBOX), row)
    with database.engine.connect() as connection:
        raw = connection.execute(text(
            "SELECT kind, CAST(payload AS TEXT), status, attempts, CAST(created_at AS TEXT), "
            "CAST(next_attempt_at AS TEXT) FROM outbox ORDER BY id")).all()
        typed = connection.execute(select(OUTBOX.c.payload, OUTBOX.c.created_at)
                                   .order_by(OUTBOX.c.id)).all()
    assert len(raw) == 3
    assert raw[0] == raw[1] == raw[2]  # same text in the database, byte for byte
    assert typed[0] == typed[2] == ({"to": "+6281200000001", "body": "Halo ✓"}, NOW)


def test_driver_statement_reads_back_typed_values(database):
    with database.session() as session:
        connection = session.connection()
        DriverStatement(insert(OUTBOX), connection.dialect, OUTBOX_COLUMNS, many=True).run_many(
            connection, [outbox_job("sms", {"n": 1}, NOW)])
        read = DriverStatement(
            select(OUTBOX.c.payload, OUTBOX.c.created_at, OUTBOX.c.attempts).limit(1),
            connection.dialect)
        assert read.run(connection, {}) == [{"n": 1}, NOW, 0]


def test_driver_statement_refuses_columns_sqlalchemy_would_fill_in(database):
    dialect = database.engine.dialect
    with pytest.raises(ValueError, match="status"):
        DriverStatement(insert(OUTBOX), dialect, ("kind", "payload", "created_at",
                                                  "next_attempt_at", "attempts"))
    with pytest.raises(ValueError, match="updated_at"):
        DriverStatement(update(models.Report.__table__).values(priority="high"), dialect)


# --- SQLite: writers queue on a lock beside the database file ---------------------------------


@pytest.fixture
def sqlite_db(tmp_path: Path):
    database = Database(f"sqlite:///{tmp_path}/queue.db")
    with database.session() as session:
        session.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield database, tmp_path / "queue.db.writer-lock"
    database.dispose()


def lock_is_free(path: Path) -> bool:
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing drops a lock taken here
    return True


def test_sqlite_writer_holds_the_queue_lock_until_commit(sqlite_db):
    database, lock = sqlite_db
    with database.session() as session:
        session.execute(text("INSERT INTO notes (body) VALUES ('a')"))
        assert not lock_is_free(lock)
    assert lock_is_free(lock)
    with pytest.raises(RuntimeError), database.session() as session:
        session.execute(text("INSERT INTO notes (body) VALUES ('b')"))
        raise RuntimeError("rolled back")
    assert lock_is_free(lock)
    with database.readers() as reader:  # readers never queue behind writers
        reader.execute(text("SELECT count(*) FROM notes"))
        assert lock_is_free(lock)
    with database.autocommit() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES ('c')"))
        assert lock_is_free(lock)
    with database.engine.connect() as connection:
        assert connection.scalar(text("SELECT group_concat(body) FROM notes")) == "a,c"


def test_sqlite_writers_take_turns(sqlite_db):
    """A second writer waits on the queue lock, not in SQLite's busy handler, and goes on once
    the first commits."""
    database, lock = sqlite_db
    order: list[str] = []
    first_in = threading.Event()
    release_first = threading.Event()

    def first() -> None:
        with database.session() as session:
            session.execute(text("INSERT INTO notes (body) VALUES ('first')"))
            first_in.set()
            release_first.wait(10)
            order.append("first commits")

    def second() -> None:
        first_in.wait(10)
        with database.session() as session:
            session.execute(text("INSERT INTO notes (body) VALUES ('second')"))
            order.append("second writes")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_in.wait(10)
    threads[1].join(0.3)
    assert threads[1].is_alive() and order == []  # queued behind the first writer
    release_first.set()
    for thread in threads:
        thread.join(10)
    assert order == ["first commits", "second writes"]
    assert lock_is_free(lock)


def test_a_nested_writer_in_the_same_thread_does_not_queue_behind_itself(sqlite_db):
    database, lock = sqlite_db
    outcome: list[bool] = []

    def nested() -> None:
        with database.session() as outer:
            outer.execute(text("INSERT INTO notes (body) VALUES ('outer')"))
            with database.engine.connect() as inner:
                driver = inner.connection.dbapi_connection
                driver.queue_for_write()  # would wait forever for this very thread
                outcome.append(driver.holds_queue)
        outcome.append(lock_is_free(lock))

    thread = threading.Thread(target=nested, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "the nested writer waited for its own thread"
    assert outcome == [False, True]
