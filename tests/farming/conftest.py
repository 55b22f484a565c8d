"""The farming catalog of `config/farming/`, loaded once."""

from __future__ import annotations

import pytest

from farming.catalog import FarmingCatalog
from gateway.store.farming_reference import load_farming
from routing.catalog import Catalog
from tests.conftest import CONFIG_DIR


@pytest.fixture(scope="session")
def farming(catalog: Catalog) -> FarmingCatalog:
    return load_farming(CONFIG_DIR, catalog)
