"""The running gateway as views see it: its `Runtime`, and request-scoped database sessions.

`db_session()` (for changes) and `db_reader()` (for reading) are ORM sessions for the
operators' pages, closed (and rolled back unless committed) when the request ends.
"""

from __future__ import annotations

from flask import Flask, current_app, g

from gateway.runtime import Runtime
from gateway.store.database import Session


def runtime() -> Runtime:
    """The application's `Runtime`."""
    rt: Runtime = current_app.extensions["lapor"]
    return rt


def db_session() -> Session:
    """An ORM session for changes, closed (rolled back unless committed) at the request's end."""
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
    """Attach `rt` to the application and close the request's sessions when it ends."""
    app.extensions["lapor"] = rt
    app.teardown_appcontext(_close_session)
