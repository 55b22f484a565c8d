"""What every `lapor` command shares: one-line failures with exit status 1, and the database.

Every command exits 0 on success and 1 with a one-line reason on failure.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from farming.catalog import FarmingConfigError
from gateway.settings import Settings, SettingsError
from gateway.store.database import Database, DatabaseNotMigratedError
from ivr_flows.errors import FlowLoadError
from routing.catalog import CatalogError

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> NoReturn:
    """Print `lapor: <message>` on stderr and exit with status 1."""
    click.echo(f"lapor: {message}", err=True)
    sys.exit(1)


def reasons(command: F) -> F:
    """Turn the gateway's known start-up errors into a one-line reason and exit status 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SettingsError as exc:
            fail(str(exc))
        except (CatalogError, FarmingConfigError) as exc:
            fail(f"invalid config ({len(exc.errors)} errors): " + " | ".join(exc.errors))
        except FlowLoadError as exc:
            fail(f"invalid flow ({len(exc.errors)} errors): " + " | ".join(exc.errors))
        except DatabaseNotMigratedError as exc:
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


@contextmanager
def open_database(settings: Settings, migrated: bool = True) -> Iterator[Database]:
    """The configured database, closed when the command ends."""
    database = Database(settings.DATABASE_URL)
    try:
        if migrated:
            database.require_migrated()
        yield database
    finally:
        database.dispose()


DEFAULT_URL = "http://127.0.0.1:5000"


def served_url_file(settings: Settings) -> Path:
    """Where `lapor run` writes the address it serves on, for the simulators to find."""
    return settings.INSTANCE_DIR / "served-url"


def gateway_url(settings: Settings, given: str | None) -> str:
    """The gateway the simulators talk to: --url (or LAPOR_URL), else where `lapor run` last
    served from this folder, else the default port."""
    if given:
        return given.rstrip("/")
    try:
        return served_url_file(settings).read_text().strip() or DEFAULT_URL
    except OSError:
        return DEFAULT_URL
