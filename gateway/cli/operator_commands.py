"""`lapor operator`: operator accounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

import click

from gateway.cli.common import fail, open_database, reasons
from gateway.operators.accounts import ROLES, OperatorError, add_operator, set_active, set_password
from gateway.settings import load_settings
from gateway.store.database import Session

T = TypeVar("T")


def _change(change: Callable[[Session, datetime], T]) -> T:
    """Run one change to the accounts in a transaction; an `OperatorError` ends the command
    with its message."""
    with open_database(load_settings()) as database:
        try:
            with database.session() as session:
                return change(session, datetime.now(UTC))
        except OperatorError as exc:
            fail(str(exc))


@click.group(help="Operator accounts.")
def operator() -> None:
    """The `lapor operator` group: operators' accounts."""


@operator.command("add", help="Create an operator account.")
@click.option("--username", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--agency", "agency_code", default=None, help="Agency code, for role agency.")
@click.option("--officer", "officer_code", default=None,
              help="Field officer code (config/farming/officers.yaml), for role officer.")
@reasons
def operator_add(username: str, password: str, role: str, agency_code: str | None,
                 officer_code: str | None) -> None:
    """Add an operator with a role (an agency for agency operators, a field officer's code
    for officers)."""
    _change(lambda session, now: add_operator(
        session, username, password, role, agency_code.upper() if agency_code else None, now,
        officer_code))
    extra = agency_code or officer_code
    click.echo(f"operator {username} added ({role}{' ' + extra if extra else ''})")


@operator.command("password", help="Give an operator a new password; ends their sessions.")
@click.option("--username", required=True)
@click.option("--password", required=True)
@reasons
def operator_password(username: str, password: str) -> None:
    """Set an operator's password; their open sessions end."""
    ended = _change(lambda session, now: set_password(session, username, password, now))
    click.echo(f"operator {username}: new password set, {ended} session(s) ended")


@operator.command("disable", help="Stop an operator signing in; ends their sessions.")
@click.option("--username", required=True)
@reasons
def operator_disable(username: str) -> None:
    """Disable an operator; their open sessions end."""
    ended = _change(lambda session, now: set_active(session, username, False, now))
    click.echo(f"operator {username} disabled, {ended} session(s) ended")


@operator.command("enable", help="Let a disabled operator sign in again.")
@click.option("--username", required=True)
@reasons
def operator_enable(username: str) -> None:
    """Enable a disabled operator again."""
    _change(lambda session, now: set_active(session, username, True, now))
    click.echo(f"operator {username} enabled")
