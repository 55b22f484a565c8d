"""What a running gateway holds: settings, database, reference data, flows and the spool.

`create_app` builds one `Runtime`; views reach it through `gateway.context.runtime()`, and the
worker and CLI commands build their own. Services take it (or its parts) as an argument.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from gateway.reports.tickets import new_ticket
from gateway.settings import Settings
from gateway.spool.files import Spool
from gateway.store.database import Database
from gateway.store.reference import load_catalog, load_rules
from gateway.voice.flows import load_flows
from gateway.voice.prompts import library_for
from gateway.voice.twiml import RenderCache
from ivr_flows.flow import Flow
from ivr_flows.steps import Say
from routing.catalog import Catalog
from routing.rules import Rules


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    db: Database
    catalog: Catalog
    flows: Mapping[str, Flow]
    rules: Rules
    clock: Callable[[], datetime] = utc_now
    ticket_factory: Callable[[], str] = field(default=new_ticket)
    # The URL of a rendered or recorded audio file for a prompt, when one exists.
    prompt_url: Callable[[Say], str | None] = field(default=lambda _say: None)
    # Not copied by dataclasses.replace: a runtime with other settings renders afresh.
    twiml_cache: RenderCache = field(default_factory=RenderCache, init=False, compare=False)

    @property
    def hotline(self) -> Flow:
        return self.flows["hotline"]

    @property
    def duplicate_window(self) -> timedelta:
        return timedelta(hours=self.rules.duplicate_window_hours)

    @property
    def spool(self) -> Spool:
        return Spool(self.settings.INSTANCE_DIR / "spool")


def load_runtime(settings: Settings) -> Runtime:
    """Everything the settings name, loaded and checked: the reference data, the flows and a
    database at the newest migration. Raises `CatalogError`, `FlowLoadError` or
    `DatabaseNotMigratedError` with a message that names what is wrong."""
    catalog = load_catalog(settings.CONFIG_DIR)
    rules = load_rules(settings.CONFIG_DIR, catalog)
    flows = load_flows(catalog, speech=settings.SPEECH_INPUT == "on")
    database = Database(settings.DATABASE_URL)
    try:
        database.require_migrated()
    except Exception:
        database.dispose()
        raise
    library = library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR)
    return Runtime(settings, database, catalog, flows, rules, prompt_url=library.url)
