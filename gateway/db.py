"""Database engine, sessions and migrations.

`Database` owns the engine and the session factory; callers own the session's life and commit
at the edge (webhook or CLI command). Alembic is driven from code, so no alembic.ini is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

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


def _sqlite_begin(connection: Any) -> None:
    # Writers take the write lock up front (IMMEDIATE): a deferred transaction that reads and then
    # writes fails at once with SQLITE_BUSY when another writer got in between, whatever the
    # timeout. Readers (`Database.readers`) stay deferred so they never block a webhook.
    options = connection.get_execution_options()
    if options.get("lapor_autocommit"):
        return  # `Database.autocommit`: each statement is its own transaction
    connection.exec_driver_sql("BEGIN" if options.get("read_only") else "BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
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
