"""`lapor api-key`: the keys other systems post Open311 service requests with, each with its
own rate limit; `lapor api-token`: the JSON API's bearer tokens, an operator's or a system's.
A key or token is printed once, when it is made; only its digest is stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import click

from gateway.cli.common import fail, open_database, reasons
from gateway.settings import load_settings
from gateway.store import api_keys, api_tokens, operators


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
    _disable(api_keys.disable, "key", name)


def _disable(store: Callable[[Any, str], bool], what: str, name: str) -> None:
    with open_database(load_settings()) as database, database.transaction() as connection:
        if not store(connection, name):
            fail(f"no {what} named {name!r}")
    click.echo(f"{what} {name} disabled")


ROLES = ("command-center", "agency", "viewer")


@click.group("api-token", help="Bearer tokens for the JSON API (/api/v1).")
def api_token() -> None:
    """The `lapor api-token` group."""


@api_token.command("add", help="Make a token for an operator (their role and agency, while "
                   "their account is active) or for a system (--system with --role), and "
                   "print it once.")
@click.option("--operator", "username", default=None, help="An operator's user name.")
@click.option("--system", default=None, help="A system's name, e.g. sipd-bappeda.")
@click.option("--role", type=click.Choice(ROLES), default=None, help="A system's role.")
@click.option("--agency", default=None, help="A system's agency code (role agency).")
@reasons
def add_token(username: str | None, system: str | None, role: str | None,
              agency: str | None) -> None:
    """Make and print a token."""
    if (username is None) == (system is None):
        fail("give --operator U or --system NAME")
    if system is not None and (role is None or (role == "agency") != (agency is not None)):
        fail("a system needs --role, and --agency exactly when the role is agency")
    with open_database(load_settings()) as database, database.session() as session:
        if username is not None:
            operator = operators.find(session, username)
            if operator is None:
                fail(f"no operator {username!r}")
            name = f"operator:{username}"
            token = api_tokens.create(session.connection(), name, operator.role,
                                      operator.agency_code, operator.id, datetime.now(UTC))
        else:
            name = f"system:{system}"
            token = api_tokens.create(session.connection(), name, str(role), agency, None,
                                      datetime.now(UTC))
    click.echo(f"api token {name}, shown only now:\n{token}")


@api_token.command("list", help="Every token: name, role, agency, whether it works.")
@reasons
def list_tokens() -> None:
    """Print the tokens."""
    with open_database(load_settings()) as database, database.reading() as connection:
        for name, role, agency, active in api_tokens.names(connection):
            click.echo(f"{name:<40} {role:<15} {agency or '-':<12} "
                       f"{'active' if active else 'disabled'}")


@api_token.command("disable", help="Stop a token working.")
@click.option("--name", required=True, help="As `lapor api-token list` shows it.")
@reasons
def disable_token(name: str) -> None:
    """Disable a token."""
    _disable(api_tokens.disable, "token", name)
