"""What a running gateway holds: settings, database, reference data and flows.

`gateway.startup.load_runtime` builds one `Runtime` for `create_app`, the worker and each CLI
command; views reach the application's through `gateway.request_scope.runtime()`. Services take
it (or its parts) as an argument. A runtime is compared by identity: caches are kept per runtime.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from farming.catalog import FarmingCatalog
from gateway.reports.tickets import new_ticket
from gateway.settings import Settings
from gateway.store.database import Database
from gateway.store.farming_reference import load_farming
from ivr_flows.flow import Flow
from ivr_flows.steps import Say
from routing.boundaries import Boundaries, load_boundaries
from routing.catalog import Catalog
from routing.rules import Rules


def utc_now() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True, eq=False)
class Runtime:
    """Everything a running gateway holds; services take it or its parts."""

    settings: Settings
    db: Database
    catalog: Catalog
    flows: Mapping[str, Flow]
    rules: Rules
    clock: Callable[[], datetime] = utc_now
    ticket_factory: Callable[[], str] = field(default=new_ticket)
    # The URL of a rendered or recorded audio file for a prompt, when one exists.
    prompt_url: Callable[[Say], str | None] = field(default=lambda _say: None)
    # The farmers' line's reference data; loaded from CONFIG_DIR when not given.
    farming: FarmingCatalog | None = None
    # The desa boundaries (config/desa_boundaries.json); loaded when first needed if not given.
    boundaries: Boundaries | None = None

    @property
    def farm(self) -> FarmingCatalog:
        """The farmers' line's reference data (`config/farming/`)."""
        if self.farming is None:
            object.__setattr__(self, "farming", load_farming(self.settings.CONFIG_DIR,
                                                             self.catalog))
        assert self.farming is not None
        return self.farming

    @property
    def desa_map(self) -> Boundaries:
        """Where each desa is (`config/desa_boundaries.json`), for "use my location"."""
        if self.boundaries is None:
            object.__setattr__(self, "boundaries", load_boundaries(self.settings.CONFIG_DIR,
                                                                   self.catalog))
        assert self.boundaries is not None
        return self.boundaries

    @property
    def hotline(self) -> Flow:
        return self.flows["hotline"]

    @property
    def duplicate_window(self) -> timedelta:
        return timedelta(hours=self.rules.duplicate_window_hours)
