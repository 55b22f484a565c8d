"""The city's reference data: agencies, areas and report categories, as frozen objects, and
the errors of the routing package.

`routing.catalog_files.build_catalog` makes a `Catalog` from the files of `config/`.

    RoutingError
     +-- CatalogError      reference data (agencies, areas, categories, rules) is invalid
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

LANGUAGES = ("id", "jv", "en")
Priority = Literal["low", "normal", "high", "urgent"]
PRIORITY_RANK: Mapping[str, int] = {"low": 1, "normal": 2, "high": 3, "urgent": 4}



@dataclass(frozen=True, slots=True)
class Agency:
    """A city agency (SKPD) that acts on reports."""

    code: str
    name: str
    short_name: str
    spoken_name: str
    kind: str
    external: bool
    verified: bool
    handles: str
    urc_numbers: tuple[str, ...]
    head_numbers: tuple[str, ...] = ()  # the agency head's contacts, for escalations


@dataclass(frozen=True, slots=True)
class Area:
    """A kecamatan, or a desa/kelurahan inside one, with the names people use for it."""

    code: str
    name: str
    level: Literal["kecamatan", "desa", "kelurahan"]
    parent_code: str | None
    postcode: str | None
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Category:
    """A kind of problem, the agency that acts on it, and how fast."""

    code: str
    names: Mapping[str, str]
    agency: str | None
    priority: Priority
    acknowledge_hours: int
    resolve_hours: int

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["id"]


@dataclass(frozen=True, slots=True)
class Catalog:
    """The city's reference data: agencies, areas and categories, checked together."""

    agencies: Mapping[str, Agency]
    areas: Mapping[str, Area]
    categories: Mapping[str, Category]

    def kecamatan(self) -> tuple[Area, ...]:
        return tuple(a for a in self.areas.values() if a.level == "kecamatan")

    def desa_of(self, kecamatan_code: str) -> tuple[Area, ...]:
        return tuple(a for a in self.areas.values() if a.parent_code == kecamatan_code)


class RoutingError(Exception):
    """Base of every error raised by `routing`."""


class CatalogError(RoutingError):
    """The reference data is invalid; `errors` holds one line per problem."""

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(self.errors) or "invalid reference data")
