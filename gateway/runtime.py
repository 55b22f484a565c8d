"""What a running gateway holds: settings, database, reference data and flows.

`create_app` builds one `Runtime` and stores it on the Flask app; views reach it through
`runtime()` and get request-scoped database sessions from `db_session()` (for changes) and
`db_reader()` (for reading), closed (and rolled back unless committed) when the request ends.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from gateway.reports.tickets import is_valid_ticket, new_ticket
from gateway.settings import Settings
from gateway.store.database import Database
from gateway.voice.twiml import RenderCache
from ivr_flows.flow import Flow
from ivr_flows.loader import References
from ivr_flows.steps import Say
from routing.catalog import Catalog
from routing.rules import Rules

FLOWS_DIR = Path(__file__).resolve().parent.parent / "ivr_flows" / "flows"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    db: Database
    catalog: Catalog
    flows: Mapping[str, Flow]
    rules: Rules
    clock: Callable[[], datetime] = utc_now
    ticket_factory: Callable[[], str] = field(default=new_ticket)
    # The URL of a rendered or recorded audio file for a prompt, when one exists.
    prompt_url: Callable[[Say], str | None] = field(default=lambda _say: None)
    # Not copied by dataclasses.replace: a runtime with other settings renders afresh.
    twiml_cache: RenderCache = field(default_factory=RenderCache, init=False, compare=False)


    @property
    def hotline(self) -> Flow:
        return self.flows["hotline"]

    @property
    def duplicate_window(self) -> timedelta:
        return timedelta(hours=self.rules.duplicate_window_hours)


def flow_references(catalog: Catalog) -> References:
    """What flows may name: the city's categories, areas and agencies, and the ticket check."""
    return References(
        categories={code: dict(c.names) for code, c in catalog.categories.items()},
        areas={code: a.name for code, a in catalog.areas.items()},
        agencies=frozenset(catalog.agencies),
        checks={"ticket": is_valid_ticket},
    )


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
