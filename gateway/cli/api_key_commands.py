"""`lapor api-key`: the keys other systems post Open311 service requests with, each with its
own rate limit. A key is printed once, when it is made; only its digest is stored."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from gateway.cli.common import fail, open_database, reasons
from gateway.settings import load_settings
from gateway.store import api_keys


@click.group("api-key", help="Keys for Open311 service requests (/open311/v2/requests).")
def api_key() -> None:
    """The `lapor api-key` group."""


@api_key.command("add", help="Make a key for a system (its name) and print it once.")
@click.option("--name", required=True, help="Who holds the key, e.g. dinas-kominfo-portal.")
@click.option("--per-minute", type=click.IntRange(1, 600), default=10, show_default=True,
              help="Service requests the key may post a minute.")
@reasons
def add(name: str, per_minute: int) -> None:
    """Make and print a key."""
    with open_database(load_settings()) as database, database.transaction() as connection:
        if any(k.name == name for k in api_keys.every(connection)):
            fail(f"a key named {name!r} already exists")
        key = api_keys.create(connection, name, per_minute, datetime.now(UTC))
    click.echo(f"api key for {name} ({per_minute} requests a minute), shown only now:\n{key}")


@api_key.command("list", help="Every key: name, limit, whether it works (never the key).")
@reasons
def listing() -> None:
    """Print the keys."""
    with open_database(load_settings()) as database, database.reading() as connection:
        for key in api_keys.every(connection):
            state = "active" if key.active else "disabled"
            click.echo(f"{key.name:<32} {key.per_minute:>4}/min  {state:<8} "
                       f"{key.created_at:%Y-%m-%d}")


@api_key.command("disable", help="Stop a key working.")
@click.option("--name", required=True)
@reasons
def disable(name: str) -> None:
    """Disable the key named `name`."""
    with open_database(load_settings()) as database, database.transaction() as connection:
        if not api_keys.disable(connection, name):
            fail(f"no key named {name!r}")
    click.echo(f"key {name} disabled")
