"""`lapor dev`: the development helpers `make run` uses."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import click

from gateway.cli.common import open_database, reasons
from gateway.farming import demo
from gateway.operators.accounts import add_operator
from gateway.reports.tickets import new_ticket
from gateway.settings import PROJECT_ROOT, load_settings
from gateway.store import operators
from gateway.store.farming_reference import load_farming, seed_farming
from gateway.store.reference import load_catalog


@click.group(help="Development helpers used by `make run`.")
def dev() -> None:
    """The `lapor dev` group: a local development instance."""


@dev.command("init", help="Write development secrets to instance/dev.env once, if unset.")
def dev_init() -> None:
    """Write development secrets to `instance/dev.env` once, when they are unset."""
    path = PROJECT_ROOT / "instance" / "dev.env"
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = []
    for name in ("SECRET_KEY", "TWILIO_AUTH_TOKEN"):
        if f"{name}=" not in existing:
            lines.append(f"{name}={secrets.token_hex(24)}")
    if "DEV_MEDIA=" not in existing:
        lines.append("DEV_MEDIA=on")  # simulated calls leave a sample recording to play
    if lines:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        path.chmod(0o600)
        click.echo(f"development settings written to {path}")


@dev.command("demo-operator", help="Create the demo operator once and print its login.")
@reasons
def dev_demo_operator() -> None:
    """Create the demo operator accounts of `make run` when they are missing."""
    settings = load_settings()
    login_file = settings.INSTANCE_DIR / "demo-login.txt"
    login_file.parent.mkdir(parents=True, exist_ok=True)
    with open_database(settings) as database, database.session() as session:
        exists = operators.find(session, "demo") is not None
        if not exists or not login_file.exists():
            password = secrets.token_urlsafe(12)
            if exists:
                operators.remove(session, "demo")
            add_operator(session, "demo", password, "command-center", None, datetime.now(UTC))
            login_file.write_text(f"demo {password}\n", encoding="utf-8")
            login_file.chmod(0o600)
    username, password = login_file.read_text(encoding="utf-8").split()
    click.echo(f"demo operator: username {username}, password {password}")


@dev.command("demo-farming", help="Load a small farmers' line to try: 3 officers who can sign "
             "in, 20 farmers, prices, a few questions.")
@reasons
def dev_demo_farming() -> None:
    """Load the farmers' line demo and print the officers' logins."""
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    farming = load_farming(settings.CONFIG_DIR, catalog)
    now = datetime.now(UTC)
    logins = []
    with open_database(settings) as database:
        with database.session() as session:
            seed_farming(session, farming, now)
            for username, code in demo.OFFICERS:
                if operators.find(session, username) is None:
                    secret = demo.password()
                    add_operator(session, username, secret, "officer", None, now, code)
                    logins.append(f"{username} {secret} ({code})")
        with database.transaction() as connection:
            loaded = demo.load(connection, catalog, farming, now, new_ticket)
    click.echo(f"demo farming: {loaded.farmers} farmers, {loaded.prices} prices, "
               f"{loaded.questions} questions added")
    for line in logins:
        click.echo(f"officer login: {line}")
