"""`lapor db`: the database schema."""

from __future__ import annotations

import click

from gateway.cli.common import open_database, reasons
from gateway.settings import load_settings
from gateway.store.reference import load_catalog, sync_reference


@click.group(help="Database schema.")
def db() -> None:
    """The `lapor db` group: the database schema."""


@db.command("upgrade", help="Create or migrate the database schema to the newest revision.")
@reasons
def db_upgrade() -> None:
    """Migrate the database to the newest schema."""
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    with open_database(settings, migrated=False) as database:
        database.upgrade()
        with database.session() as session:
            sync_reference(session, catalog)
        click.echo(f"database at revision {database.current_revision()}")
