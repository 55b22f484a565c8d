"""`lapor db`: the database schema."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from gateway.cli.common import open_database, reasons
from gateway.settings import load_settings
from gateway.store.farming_reference import load_farming, seed_farming
from gateway.store.reference import load_catalog, sync_reference


@click.group(help="Database schema.")
def db() -> None:
    """The `lapor db` group: the database schema."""


@db.command("upgrade", help="Create or migrate the database schema to the newest revision.")
@reasons
def db_upgrade() -> None:
    """Migrate the database to the newest schema, then load `config/` into it (reference data,
    and the farmers' line's officers and starter library where they are not yet)."""
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    farming = load_farming(settings.CONFIG_DIR, catalog)
    with open_database(settings, migrated=False) as database:
        database.upgrade()
        with database.session() as session:
            sync_reference(session, catalog)
            seed_farming(session, farming, datetime.now(UTC))
        click.echo(f"database at revision {database.current_revision()}")
