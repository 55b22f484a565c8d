"""The farmers' line's reference data as frozen objects, and the errors of the package.

`farming.catalog_files.build_farming` makes a `FarmingCatalog` from `config/farming/`.

    FarmingError
     +-- FarmingConfigError   the farming files are invalid (every problem, one line each)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

LANGUAGES = ("id", "jv", "en")
LIBRARY_LANGUAGES = ("id", "jv")


def named(names: Mapping[str, str], language: str) -> str:
    """A name in `language`, else in Indonesian."""
    return names.get(language) or names["id"]


@dataclass(frozen=True, slots=True)
class Commodity:
    """A crop or product farmers grow, with the ways they write its name."""

    code: str
    group: str
    names: Mapping[str, str]
    variants: tuple[str, ...]
    unit: str

    def name(self, language: str) -> str:
        return named(self.names, language)


@dataclass(frozen=True, slots=True)
class Topic:
    """A subject of the advice library (planting, pests, fertiliser, harvest, selling)."""

    code: str
    names: Mapping[str, str]

    def name(self, language: str) -> str:
        return named(self.names, language)


@dataclass(frozen=True, slots=True)
class Market:
    """A market whose prices are entered."""

    code: str
    name: str
    default: bool = False


@dataclass(frozen=True, slots=True)
class Pest:
    """A pest or disease the early warning counts, the words that name it, and the
    commodities it attacks."""

    code: str
    names: Mapping[str, str]
    words: tuple[str, ...]
    commodities: tuple[str, ...]

    def name(self, language: str) -> str:
        return named(self.names, language)


@dataclass(frozen=True, slots=True)
class Officer:
    """A field officer: the desa they answer for, and those they stand in for."""

    code: str
    name: str
    phone: str
    desa: tuple[str, ...]
    backup_for: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Coordinator:
    """A coordinator of the field officers of one kecamatan (empty: the whole city)."""

    code: str
    name: str
    phone: str
    kecamatan: str = ""


@dataclass(frozen=True, slots=True)
class AdviceSeed:
    """A starter advice item from `config/farming/library.yaml`, in every library language."""

    code: str
    commodity: str
    topic: str
    source: str
    titles: Mapping[str, str]
    texts: Mapping[str, str]


@dataclass(frozen=True)
class FarmingCatalog:
    """Everything `config/farming/` holds, checked together and against the city's areas."""

    commodities: Mapping[str, Commodity]
    hotline_commodities: tuple[str, ...]
    topics: Mapping[str, Topic]
    markets: Mapping[str, Market]
    pests: Mapping[str, Pest]
    officers: Mapping[str, Officer]
    coordinators: Mapping[str, Coordinator]
    library: tuple[AdviceSeed, ...]
    sources: Mapping[str, str] = field(default_factory=dict)
    escalate_after_hours: int = 48
    # The early warning: this many questions about one pest in `warning_days` around a desa
    # raise a flag; `neighbours` overrides "the desa of the same kecamatan" where it lists one.
    warning_threshold: int = 3
    warning_days: int = 7
    neighbours: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def default_market(self) -> Market:
        return next((m for m in self.markets.values() if m.default),
                    next(iter(self.markets.values())))


class FarmingError(Exception):
    """Base of every error raised by `farming`."""


class FarmingConfigError(FarmingError):
    """The farming files are invalid; `errors` holds one line per problem."""

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(self.errors) or "invalid farming configuration")
