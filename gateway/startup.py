"""Loading a `Runtime` from the settings: what `create_app`, the worker and every CLI command
start from."""

from __future__ import annotations

from gateway.runtime import Runtime
from gateway.settings import Settings
from gateway.store.database import Database
from gateway.store.farming_reference import load_farming
from gateway.store.reference import load_catalog, load_rules
from gateway.voice.flows import load_flows
from gateway.voice.prompts import library_for
from routing.boundaries import load_boundaries


def load_runtime(settings: Settings) -> Runtime:
    """Everything the settings name, loaded and checked: the reference data (the farmers' line's
    too), the flows and a database at the newest migration. Raises `CatalogError`,
    `FarmingConfigError`, `FlowLoadError` or `DatabaseNotMigratedError` with a message that
    names what is wrong."""
    catalog = load_catalog(settings.CONFIG_DIR)
    rules = load_rules(settings.CONFIG_DIR, catalog)
    farming = load_farming(settings.CONFIG_DIR, catalog)
    boundaries = load_boundaries(settings.CONFIG_DIR, catalog)
    flows = load_flows(catalog, speech=settings.listens_to_speech, farming=farming)
    database = Database(settings.DATABASE_URL)
    try:
        database.require_migrated()
    except Exception:
        database.dispose()
        raise
    library = library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR)
    return Runtime(settings, database, catalog, flows, rules, prompt_url=library.url,
                   farming=farming, boundaries=boundaries)
