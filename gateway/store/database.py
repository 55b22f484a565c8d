"""Database engine, connections, sessions and migrations: every statement goes through here.

`Database` owns SQLAlchemy's engine and pool. Webhooks and the worker write with Core statements
on a connection (`transaction`), operator pages read and write through ORM sessions
(`sessions`, `readers`); both use the same pool. Callers own the transaction and commit at the
edge (webhook, page, CLI command). Alembic is driven from code, so no alembic.ini is needed.

On PostgreSQL the pool tests a connection that sat unused for over a second before handing it
out (SQLAlchemy's pessimistic disconnect handling, with the dialect's own ping), so the first
request after a database restart gets a fresh connection instead of an error. A connection in
constant use is not tested: a restart takes longer than that, and the ping cost a busy step
more CPU than its two statements. On SQLite every writing transaction starts with BEGIN
IMMEDIATE (see `_sqlite_begin`).
"""

from __future__ import annotations

import functools
import time
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
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["Connection", "Database", "DatabaseNotMigratedError", "Session", "connection_lost",
           "insert_ignoring", "is_unavailable", "make_engine", "upsert"]
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
PING_AFTER_IDLE_SECONDS = 1.0

# Indexes a migration creates only on PostgreSQL (see 0006); the models do not describe them.
DATABASE_ONLY_INDEXES = frozenset({"ix_reports_text_trgm"})


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """Alembic autogenerate filter: leave the database-only indexes alone."""
    return not (type_ == "index" and name in DATABASE_ONLY_INDEXES)


class DatabaseNotMigratedError(Exception):
    """The database schema is missing or older than the code expects."""


def connection_lost(exc: BaseException) -> bool:
    """True when `exc` found a pooled connection dead; the pool has replaced its connections,
    and the same work may be tried once more."""
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def is_unavailable(exc: BaseException) -> bool:
    """True when `exc` means the database could not be reached or used at all (down, restarting,
    locked, out of connections), as opposed to a statement it refused."""
    if isinstance(exc, PoolTimeoutError | OperationalError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


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


def _sqlite_begin(connection: Connection) -> None:
    # Writers take the write lock up front (IMMEDIATE): a deferred transaction that reads and then
    # writes fails at once with SQLITE_BUSY when another writer got in between, whatever the
    # busy timeout. Readers (`Database.readers`, `Database.reading`) stay deferred so they never
    # wait for a webhook. `Database.autocommit` connections begin nothing: each statement is
    # its own transaction.
    options = connection.get_execution_options()
    if options.get("lapor_autocommit"):
        return
    connection.exec_driver_sql("BEGIN" if options.get("read_only") else "BEGIN IMMEDIATE")


def _ping_when_idle(engine: Engine) -> None:
    """Test a pooled connection before use when it sat idle; a dead one is replaced (the pool
    retries the checkout on DisconnectionError)."""

    @event.listens_for(engine, "checkin")
    def returned(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception:
            alive = False
        if not alive:
            raise DisconnectionError("pooled connection is dead (database restarted?)")


def make_engine(url: str) -> Engine:
    """The engine for `url`: SQLite with WAL and immediate writers, or PostgreSQL with a pool
    whose idle connections are tested before use."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, pool_size=5, max_overflow=10, pool_recycle=1800, pool_timeout=10)
    _ping_when_idle(engine)
    return engine


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def insert_ignoring(table: Table, dialect: Dialect, *unique: str,
                    returning: Any = None) -> Any:
    """INSERT INTO `table` ... ON CONFLICT (`unique`) DO NOTHING [RETURNING `returning`], for
    SQLite or PostgreSQL: the unique index decides between concurrent writers without a
    savepoint round trip. Built once per table, dialect and key; pass the values to execute."""
    return _insert_ignoring(table, dialect.name, unique, returning)


@functools.lru_cache(maxsize=64)
def _insert_ignoring(table: Table, dialect: str, unique: tuple[str, ...], returning: Any) -> Any:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(table).on_conflict_do_nothing(index_elements=list(unique))
    return statement if returning is None else statement.returning(returning)


def upsert(table: Table, dialect: Dialect, unique: tuple[str, ...], values: dict[str, Any],
           changing: tuple[str, ...]) -> Any:
    """INSERT `values` INTO `table`, or, when a row with the same `unique` key exists, set its
    `changing` columns (ON CONFLICT ... DO UPDATE, for SQLite or PostgreSQL)."""
    insert = pg_insert if dialect.name == "postgresql" else sqlite_insert
    statement = insert(table).values(values)
    return statement.on_conflict_do_update(
        index_elements=list(unique), set_={c: statement.excluded[c] for c in changing})


class Database:
    """The engine and its session factories for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # For pages and exports that only read: on SQLite they do not take the write lock.
        self._reader_engine = self.engine.execution_options(read_only=True)
        self.readers = sessionmaker(self._reader_engine, expire_on_commit=False)
        # pysqlite connections already run without implicit transactions (_sqlite_pragmas), and
        # SQLAlchemy's AUTOCOMMIT level would undo that when the connection goes back to the
        # pool; on SQLite, a flag tells _sqlite_begin to begin nothing instead.
        self._autocommit_engine = self.engine.execution_options(
            **({"lapor_autocommit": True} if self.engine.dialect.name == "sqlite"
               else {"isolation_level": "AUTOCOMMIT"}))

    def __repr__(self) -> str:
        return f"Database({self.where!r})"

    @property
    def where(self) -> str:
        """The URL with any password hidden, for messages and logs."""
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection in a transaction that commits when the block succeeds."""
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def autocommit(self) -> Iterator[Connection]:
        """A connection on which every statement commits on its own: no BEGIN or COMMIT, for a
        hot path whose single writes are made safe by their WHERE clause."""
        with self._autocommit_engine.connect() as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reading only; on SQLite it never waits for a writer."""
        with self._reader_engine.connect() as connection:
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
            found = current or "no schema"
            raise DatabaseNotMigratedError(
                f"database {self.where} is at {found}, the code needs {head}: "
                "run `lapor db upgrade`"
            )

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def problem(self) -> str:
        """Why the database cannot be used right now ("" when it answers)."""
        try:
            self.ping()
        except SQLAlchemyError as exc:
            return type(exc).__name__
        return ""

    def dispose(self) -> None:
        self.engine.dispose()
