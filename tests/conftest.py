"""Shared fixtures: a migrated database per test, settings, the app, a client, signed requests.

The database is SQLite in a temporary folder unless TEST_DATABASE_URL names a PostgreSQL
database (CI sets it); that database is emptied between tests, so never point it at real data.
With CI=true a skipped test fails the run: CI must exercise everything.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.orm import Session
from twilio.request_validator import RequestValidator
from werkzeug.test import TestResponse

from gateway.app import create_app
from gateway.runtime import Runtime
from gateway.settings import PROJECT_ROOT, Settings, load_settings
from gateway.store.database import Database
from gateway.store.farming_reference import load_farming, seed_farming
from gateway.store.models import Base
from gateway.store.reference import load_catalog, load_rules, sync_reference
from gateway.voice.flows import load_flows
from gateway.voice.prompts import library_for
from ivr_flows.flow import Flow
from routing.catalog import Catalog
from routing.rules import Rules

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
AUTH_TOKEN = "test-auth-token-0123456789"
SECRET_KEY = "test-secret-key-0123456789abcdef"
CONFIG_DIR = PROJECT_ROOT / "config"


# --- CI: no test may be skipped ----------------------------------------------------------------

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI") == "true" and _skipped:
        print(f"\nCI=true: {len(_skipped)} skipped test(s) count as failures:")
        for nodeid in _skipped:
            print(f"  {nodeid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- database --------------------------------------------------------------------------------


class Clock:
    """A settable clock so tests can move time."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(CONFIG_DIR)


@pytest.fixture(scope="session")
def flows(catalog: Catalog) -> dict[str, Flow]:
    return load_flows(catalog)


@pytest.fixture(scope="session")
def rules(catalog: Catalog) -> Rules:
    return load_rules(CONFIG_DIR, catalog)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database at the head revision: a SQLite file to copy, or the PostgreSQL test database."""
    if TEST_DATABASE_URL:
        database = Database(load_settings({"DATABASE_URL": TEST_DATABASE_URL,
                                           "SECRET_KEY": SECRET_KEY,
                                           "TWILIO_AUTH_TOKEN": AUTH_TOKEN}, ()).DATABASE_URL)
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        database.upgrade()
        database.dispose()
        return database.url
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()
    return str(path)


def _empty(database: Database) -> None:
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with database.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def database_url(migrated_template: str, tmp_path: Path) -> str:
    if TEST_DATABASE_URL:
        return migrated_template
    path = tmp_path / "lapor.db"
    shutil.copyfile(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    """The environment the test gateway runs with; tests may change it before `app` is built."""
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "CONFIG_DIR": str(CONFIG_DIR),
        "LOG_LEVEL": "DEBUG",
    }


@pytest.fixture
def settings(settings_env: dict[str, str]) -> Settings:
    return load_settings(settings_env, ())


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 2, 1, 30, tzinfo=UTC))


@pytest.fixture
def database(settings: Settings, catalog: Catalog) -> Iterator[Database]:
    """The test's database: migrated, empty, with the reference data of `config/`."""
    database = Database(settings.DATABASE_URL)
    if TEST_DATABASE_URL:
        _empty(database)
    with database.session() as session:
        sync_reference(session, catalog)
        seed_farming(session, load_farming(CONFIG_DIR, catalog), datetime.now(UTC))
    yield database
    database.dispose()


@pytest.fixture
def runtime(
    settings: Settings, database: Database, catalog: Catalog, flows: dict[str, Flow],
    rules: Rules, clock: Clock,
) -> Runtime:
    return Runtime(settings, database, catalog, flows, rules, clock=clock)


@pytest.fixture
def app(runtime: Runtime) -> Flask:
    app = create_app(runtime=runtime)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_client(
    settings_env: dict[str, str], database: Database, catalog: Catalog, rules: Rules,
    clock: Clock,
) -> Callable[..., FlaskClient]:
    """A client for a gateway built with some settings changed, e.g. PUBLIC_BASE_URL."""

    def build(**overrides: str) -> FlaskClient:
        settings = load_settings({**settings_env, **overrides}, ())
        speech = settings.listens_to_speech
        library = library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR)
        rt = Runtime(settings, database, catalog, load_flows(catalog, speech=speech), rules,
                     clock=clock, prompt_url=library.url)
        app = create_app(runtime=rt)
        app.config["TESTING"] = True
        return app.test_client()

    return build


@pytest.fixture
def db_session(database: Database) -> Iterator[Session]:
    """A session for a test's own checks; it only reads, so it never blocks the app's writers."""
    with database.readers() as session:
        yield session


SignedPost = Callable[..., TestResponse]


@pytest.fixture
def signed_post(client: FlaskClient) -> SignedPost:
    """POST form data signed as Twilio signs it, for the URL the test client requests."""

    def post(path: str, data: dict[str, Any], base: str = "http://localhost",
             token: str = AUTH_TOKEN, **kwargs: Any) -> TestResponse:
        if path.startswith(("http://", "https://")):  # an absolute URL the gateway named
            parts = urlsplit(path)
            base = f"{parts.scheme}://{parts.netloc}"
            path = parts.path + (f"?{parts.query}" if parts.query else "")
        signature = RequestValidator(token).compute_signature(base + path, data)
        headers = {"X-Twilio-Signature": signature, **kwargs.pop("headers", {})}
        return client.post(path, data=data, headers=headers, base_url=base, **kwargs)

    return post


OPERATOR_PASSWORD = "kata-sandi-rahasia-123"


@pytest.fixture
def make_operators(database: Database, clock: Clock) -> Callable[..., None]:
    """Create operators from 'username:role[:AGENCY or officer code]' specs, all with
    OPERATOR_PASSWORD."""
    from gateway.operators.accounts import add_operator

    def make(*specs: str) -> None:
        with database.session() as session:
            for spec in specs:
                username, role, *extra = spec.split(":")
                code = extra[0] if extra else None
                add_operator(session, username, OPERATOR_PASSWORD, role,
                             code if role == "agency" else None, clock(),
                             code if role == "officer" else None)

    return make
