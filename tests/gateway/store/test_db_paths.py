"""The database plumbing every write path shares: SQLite writers take turns, readers never wait
for them, and what counts as "the database is unavailable" (the spool's cue)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from gateway.store.database import Database, is_unavailable


@pytest.fixture
def sqlite_db(tmp_path: Path):
    database = Database(f"sqlite:///{tmp_path}/turns.db")
    with database.transaction() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield database
    database.dispose()


def test_sqlite_writers_take_turns_and_readers_never_wait(sqlite_db):
    """A second writer waits for the first to commit (BEGIN IMMEDIATE), then goes on; a reader
    reads the last committed state meanwhile."""
    database = sqlite_db
    order: list[str] = []
    first_in, release_first = threading.Event(), threading.Event()

    def first() -> None:
        with database.transaction() as connection:
            connection.execute(text("INSERT INTO notes (body) VALUES ('first')"))
            first_in.set()
            release_first.wait(10)
            order.append("first commits")

    def second() -> None:
        first_in.wait(10)
        with database.transaction() as connection:
            connection.execute(text("INSERT INTO notes (body) VALUES ('second')"))
            order.append("second writes")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_in.wait(10)
    threads[1].join(0.3)
    assert threads[1].is_alive() and order == []  # waiting for the first writer
    with database.reading() as connection:  # not waiting for anyone
        assert connection.scalar(text("SELECT count(*) FROM notes")) == 0
    release_first.set()
    for thread in threads:
        thread.join(10)
    assert order == ["first commits", "second writes"]


def test_unreachable_database_counts_as_unavailable_and_a_refused_statement_does_not(
        sqlite_db):
    down = Database("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")
    with pytest.raises(OperationalError) as unreachable, down.transaction() as connection:
        connection.execute(text("SELECT 1"))
    assert is_unavailable(unreachable.value)
    down.dispose()
    with pytest.raises(IntegrityError) as refused, sqlite_db.transaction() as connection:
        connection.execute(text("INSERT INTO notes (id, body) VALUES (1, 'a'), (1, 'b')"))
    assert not is_unavailable(refused.value)
