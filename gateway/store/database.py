"""Database engine, sessions and migrations.

`Database` owns the engine and the session factory; callers own the session's life and commit
at the edge (webhook or CLI command). Alembic is driven from code, so no alembic.ini is needed.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Table, create_engine, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Dialect, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.expression import Select

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


# Indexes a migration creates only on PostgreSQL (see 0006); the models do not describe them.
DATABASE_ONLY_INDEXES = frozenset({"ix_reports_text_trgm"})


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """Alembic autogenerate filter: leave the database-only indexes alone."""
    return not (type_ == "index" and name in DATABASE_ONLY_INDEXES)


class DatabaseNotMigratedError(Exception):
    """The database schema is missing or older than the code expects."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from pysqlite so SAVEPOINTs work and BEGIN is ours.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while a webhook writes; the busy timeout makes writers queue
    # instead of failing when several threads answer webhooks at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL never corrupts the database; it may lose the last commits on a power
    # cut, not on a crash of the process, and saves an fsync per webhook.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class _QueuedWriterConnection(sqlite3.Connection):
    """A pysqlite connection whose write transactions queue on an flock(2) lock beside the
    database file, taken before BEGIN IMMEDIATE and released after COMMIT or ROLLBACK.

    SQLite's own busy handler polls: a writer that finds the database locked sleeps 1, 2, 5 ...
    up to 100 ms and tries again, so under load the write lock sits free while the waiters
    sleep, and latency grows in 100 ms steps. The kernel wakes a process blocked in flock as
    soon as the lock is released. Every writer of this code takes the lock; other programs
    writing the file still get SQLite's busy handler, as before.

    A thread that already holds the lock and opens a second write transaction does not queue
    behind itself: that one falls back to the busy handler (and times out, as it always did)."""

    lock_path: str | None = None
    _lock_fd: int | None = None
    _holder: tuple[int, str] | None = None  # (thread, lock file) while this connection holds it
    # Every (thread, lock file) holding the lock through some connection of this process.
    _holding: set[tuple[int, str]] = set()

    @property
    def holds_queue(self) -> bool:
        return self._holder is not None

    def queue_for_write(self) -> None:
        if self.lock_path is None:
            return
        me = (threading.get_ident(), self.lock_path)
        if me in self._holding:
            return
        if self._lock_fd is None:
            self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self._holder = me
        self._holding.add(me)

    def _release(self) -> None:
        # Whichever thread ends the transaction (the pool may, from another one), the lock and
        # the entry of the thread that took it go.
        if self._holder is not None and self._lock_fd is not None:
            self._holding.discard(self._holder)
            self._holder = None
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._release()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


def _sqlite_begin(connection: Any) -> None:
    # Writers take the write lock up front (IMMEDIATE): a deferred transaction that reads and then
    # writes fails at once with SQLITE_BUSY when another writer got in between, whatever the
    # timeout. Readers (`Database.readers`) stay deferred so they never block a webhook.
    options = connection.get_execution_options()
    if options.get("lapor_autocommit"):
        return  # `Database.autocommit`: each statement is its own transaction
    if options.get("read_only"):
        connection.exec_driver_sql("BEGIN")
        return
    driver = connection.connection.dbapi_connection
    if isinstance(driver, _QueuedWriterConnection):
        driver.queue_for_write()
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        driver.rollback()  # releases the queue lock
        raise


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        lock_path = (f"{parsed.database}.writer-lock"
                     if parsed.database and parsed.database != ":memory:" else None)
        engine = create_engine(url, connect_args={"timeout": 10,
                                                  "factory": _QueuedWriterConnection})
        if lock_path:
            event.listen(engine, "connect",
                         lambda dbapi, _record: setattr(dbapi, "lock_path", lock_path))
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # No pre-ping: it costs a round trip on every webhook. A connection dropped by a database
    # restart fails one request, and SQLAlchemy then replaces the whole pool.
    return create_engine(url, pool_size=5, max_overflow=10, pool_recycle=1800)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def insert_ignoring(table: Table, dialect: Dialect, *unique: str) -> Any:
    """INSERT INTO `table` ... ON CONFLICT (`unique`) DO NOTHING, for SQLite or PostgreSQL: the
    unique index decides between concurrent writers without a savepoint round trip."""
    insert = pg_insert if dialect.name == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing(index_elements=list(unique))


class DriverStatement:
    """A Core statement compiled once for `dialect`, run on the driver's own cursor with the
    column types' bind and result conversions (JSON, timestamps) SQLAlchemy would apply.

    For the hot webhook paths: SQLAlchemy's execution path costs more CPU than the statement
    itself (PostgreSQL: ~170 against ~80 us per statement; SQLite: ~45 against ~5 us), and CPU
    is what limits a small server. An INSERT names the columns it is given (`columns`); Python
    side defaults that SQLAlchemy would compute at execution are refused, so a row is never
    written (or an UPDATE's `onupdate` column left) without them."""

    def __init__(self, statement: Select[Any] | UpdateBase, dialect: Dialect,
                 columns: tuple[str, ...] | None = None, many: bool = False) -> None:
        # `many`: for `run_many`, so PostgreSQL is not asked to return the new ids.
        compiled = statement.compile(dialect=dialect, column_keys=list(columns or ()) or None,
                                     for_executemany=many)
        prefetch = [*getattr(compiled, "insert_prefetch", ()),
                    *getattr(compiled, "update_prefetch", ())]
        if prefetch:
            raise ValueError(f"give these columns explicitly: {[c.key for c in prefetch]}")
        self.sql = str(compiled)
        self.positions = compiled.positiontup  # None for named parameter styles
        names = compiled.bind_names  # type: ignore[attr-defined]
        self.defaults = {name: bind.effective_value for bind, name in names.items()
                         if not bind.required}
        # dialect_impl, not type_descriptor: a TypeDecorator's own conversion must run on the
        # dialect's type (SQLite keeps timestamps as text in SQLAlchemy's format).
        self.binds = {name: convert for bind, name in names.items()
                      if (convert := bind.type.dialect_impl(dialect).bind_processor(dialect))}
        if isinstance(statement, Select):
            types = [column.type for column in statement.selected_columns]
        else:
            types = [d["type"] for d in statement.returning_column_descriptions]
        self.results = [t.dialect_impl(dialect).result_processor(dialect, None) for t in types]

    def _params(self, values: dict[str, Any]) -> Any:
        values = {**self.defaults, **values}
        for name, convert in self.binds.items():
            values[name] = convert(values[name])
        return tuple(values[n] for n in self.positions) if self.positions else values

    def run(self, connection: Connection, values: dict[str, Any]) -> Any:
        """Execute on `connection`'s driver connection; returns the first row (converted) for a
        SELECT or a RETURNING statement (None when there is none), else the row count."""
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(self.sql, self._params(values))
            if not self.results:
                return cursor.rowcount
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is None:
            return None
        return [value if convert is None else convert(value)
                for convert, value in zip(self.results, row, strict=True)]

    def run_many(self, connection: Connection, rows: list[dict[str, Any]]) -> None:
        """Execute once per row, in one driver call."""
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(self.sql, [self._params(row) for row in rows])
        finally:
            cursor.close()


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # For pages and exports that only read: on SQLite they do not take the write lock.
        self.readers = sessionmaker(
            self.engine.execution_options(read_only=True), expire_on_commit=False
        )
        # pysqlite connections already run without implicit transactions (see _sqlite_pragmas):
        # SQLAlchemy's AUTOCOMMIT level would undo that when the connection goes back to the pool.
        self._autocommit = self.engine.execution_options(
            **({"lapor_autocommit": True} if self.engine.dialect.name == "sqlite"
               else {"isolation_level": "AUTOCOMMIT"})
        )

    @contextmanager
    def autocommit(self) -> Iterator[Connection]:
        """A connection where every statement commits on its own: no BEGIN or COMMIT round
        trips, for hot paths whose single writes are made safe by their WHERE clause."""
        with self._autocommit.connect() as connection:
            yield connection

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block succeeds and rolls back when it raises."""
        with self.sessions() as session, session.begin():
            yield session

    def upgrade(self, revision: str = "head") -> None:
        command.upgrade(alembic_config(self.url), revision)

    def downgrade(self, revision: str) -> None:
        command.downgrade(alembic_config(self.url), revision)

    def head_revision(self) -> str | None:
        return ScriptDirectory.from_config(alembic_config(self.url)).get_current_head()

    def current_revision(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def require_migrated(self) -> None:
        """Raise `DatabaseNotMigratedError` unless the schema is at the code's head revision."""
        current, head = self.current_revision(), self.head_revision()
        if current != head:
            where = make_url(self.url).render_as_string(hide_password=True)
            found = current or "no schema"
            raise DatabaseNotMigratedError(
                f"database {where} is at {found}, the code needs {head}: "
                "run `lapor db upgrade`"
            )

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()
