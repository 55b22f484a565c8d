"""What a running gateway holds: settings, database, reference data and flows.

`create_app` builds one `Runtime` and stores it on the Flask app; views reach it through
`runtime()` and get request-scoped database sessions from `db_session()` (for changes) and
`db_reader()` (for reading), closed (and rolled back unless committed) when the request ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from gateway.db import Database
from gateway.settings import Settings
from gateway.tickets import new_ticket
from ivr_flows.hotline import Hotline, MenuOption
from routing.catalog import Catalog


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    db: Database
    catalog: Catalog
    hotline: Hotline
    clock: Callable[[], datetime] = utc_now
    ticket_factory: Callable[[], str] = field(default=new_ticket)


def build_hotline(catalog: Catalog) -> Hotline:
    """The phone menu offers the categories that have a keypad key in config."""
    return Hotline(tuple(
        MenuOption(str(c.keypad), c.code, c.names) for c in catalog.keypad_categories()
    ))


def runtime() -> Runtime:
    rt: Runtime = current_app.extensions["lapor"]
    return rt


def db_session() -> Session:
    if "db_session" not in g:
        g.db_session = runtime().db.sessions()
    session: Session = g.db_session
    return session


def db_reader() -> Session:
    """A request-scoped session for reading only; on SQLite it never blocks a writer."""
    if "db_reader" not in g:
        g.db_reader = runtime().db.readers()
    session: Session = g.db_reader
    return session


def _close_session(_exc: BaseException | None) -> None:
    for key in ("db_session", "db_reader"):
        session = g.pop(key, None)
        if session is not None:
            session.close()


def init_app(app: Flask, rt: Runtime) -> None:
    app.extensions["lapor"] = rt
    app.teardown_appcontext(_close_session)
