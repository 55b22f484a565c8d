"""Migrations: they build the schema the models describe, and the app refuses an old schema."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from gateway.app import create_app
from gateway.settings import load_settings
from gateway.store.database import Database, DatabaseNotMigratedError, include_object
from gateway.store.models import Base
from tests.conftest import AUTH_TOKEN, SECRET_KEY


def test_migrations_match_the_models(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_upgrade_again(database):
    database.downgrade("base")
    assert set(inspect(database.engine).get_table_names()) <= {"alembic_version"}
    database.upgrade()
    assert database.current_revision() == database.head_revision()
    assert {t.name for t in Base.metadata.sorted_tables} <= set(
        inspect(database.engine).get_table_names())


def test_app_refuses_unmigrated_database(tmp_path):
    settings = load_settings({"DATABASE_URL": f"sqlite:///{tmp_path}/empty.db",
                              "SECRET_KEY": SECRET_KEY, "TWILIO_AUTH_TOKEN": AUTH_TOKEN}, ())
    with pytest.raises(DatabaseNotMigratedError, match=r"no schema.*run `lapor db upgrade`"):
        create_app(settings)


def test_app_starts_on_migrated_database(tmp_path):
    url = f"sqlite:///{tmp_path}/fresh.db"
    Database(url).upgrade()
    settings = load_settings({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY,
                              "TWILIO_AUTH_TOKEN": AUTH_TOKEN}, ())
    app = create_app(settings)
    assert app.test_client().get("/healthz").status_code == 200
    app.extensions["lapor"].db.dispose()
