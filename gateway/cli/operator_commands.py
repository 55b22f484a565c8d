"""`lapor operator`: operator accounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

import click

from gateway.cli.common import fail, open_database, reasons
from gateway.operators.accounts import (
    ROLES,
    OperatorError,
    add_operator,
    reset_password,
    set_active,
    set_password,
)
from gateway.settings import load_settings
from gateway.store import operators, sign_in
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
@click.option("--permanent", is_flag=True,
              help="Keep this password (your own account); otherwise the operator chooses "
                   "their own at the first sign-in.")
@reasons
def operator_add(username: str, password: str, role: str, agency_code: str | None,
                 officer_code: str | None, permanent: bool) -> None:
    """Add an operator with a role (an agency for agency operators, a field officer's code
    for officers)."""
    _change(lambda session, now: add_operator(
        session, username, password, role, agency_code.upper() if agency_code else None, now,
        officer_code, temporary=not permanent))
    extra = agency_code or officer_code
    then = "" if permanent else "; they choose their own password at the first sign-in"
    click.echo(f"operator {username} added ({role}{' ' + extra if extra else ''}){then}")


@operator.command("list", help="Every operator: role, agency, state, last sign-in.")
@reasons
def operator_list() -> None:
    """Print the operators as a table."""
    with open_database(load_settings()) as database, database.session() as session:
        locked = sign_in.locked_usernames(session.connection(), datetime.now(UTC))
        rows = [(o.username, o.role, o.officer_code or o.agency_code or "-",
                 "active" if o.active else "disabled",
                 ", ".join(s for s, on in (("locked", o.username.lower() in locked),
                                           ("must change password", o.must_change_password))
                           if on) or "-",
                 o.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if o.last_login_at else "never")
                for o in operators.every(session)]
    header = ("username", "role", "agency", "state", "notes", "last sign-in")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


@operator.command("password", help="Give an operator a new password; ends their sessions.")
@click.option("--username", required=True)
@click.option("--password", required=True)
@reasons
def operator_password(username: str, password: str) -> None:
    """Set an operator's password; their open sessions end."""
    ended = _change(lambda session, now: set_password(session, username, password, now))
    click.echo(f"operator {username}: new password set, {ended} session(s) ended")


@operator.command("reset-password", help="Give an operator a random temporary password (printed "
                  "once); ends their sessions; they choose their own at the next sign-in.")
@click.option("--username", required=True)
@reasons
def operator_reset_password(username: str) -> None:
    """Reset an operator's password to a random temporary one and print it."""
    password = _change(lambda session, now: reset_password(session, username, now))
    click.echo(f"operator {username}: temporary password {password} "
               "(hand it over; they choose their own at the next sign-in)")


@operator.command("unlock", help="Forget an operator's failed sign-ins, from every address.")
@click.option("--username", required=True)
@reasons
def operator_unlock(username: str) -> None:
    """Lift the sign-in lock of an operator."""
    cleared = _change(lambda session, now: sign_in.unlock(session.connection(), username))
    click.echo(f"operator {username} unlocked ({cleared} lock record(s) cleared)")


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
