"""Reading `config/farming/`: the schema of `commodities.yaml`, `officers.yaml` and
`library.yaml`, and `build_farming`, which checks them together and against the city's areas.

One pipeline like `routing.catalog_files`: version, schema, frozen objects, consistency. Every
problem is collected, each naming file, path and value; `FarmingConfigError` lists them all.
No I/O: the caller reads the files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from farming.catalog import (
    LANGUAGES,
    LIBRARY_LANGUAGES,
    AdviceSeed,
    Commodity,
    Coordinator,
    FarmingCatalog,
    FarmingConfigError,
    Market,
    Officer,
    Pest,
    Topic,
)
from routing.catalog_files import format_path

SPEC_VERSION = 1
CODE = r"^[a-z][a-z0-9_]{1,31}$"
E164 = r"^\+[1-9]\d{6,14}$"
DESA = r"^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$"
FILES = ("commodities.yaml", "officers.yaml", "library.yaml")
# A library item is read aloud: at about 150 words a minute, 90 seconds is 225 words.
MAX_ITEM_WORDS = 200


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _Names(_Strict):
    id: str = Field(min_length=2)
    jv: str = Field(min_length=2)
    en: str = Field(min_length=2)


class _CommodityDoc(_Strict):
    code: str = Field(pattern=CODE)
    group: Literal["buah", "sayur", "bunga", "ternak", "pangan", "lain"]
    names: _Names
    variants: list[str] = []
    unit: Literal["kg", "liter", "tangkai", "ikat", "ekor", "butir"]


class _TopicDoc(_Strict):
    code: str = Field(pattern=CODE)
    names: _Names


class _MarketDoc(_Strict):
    code: str = Field(pattern=CODE)
    name: str = Field(min_length=3)
    default: bool = False


class _PestDoc(_Strict):
    code: str = Field(pattern=CODE)
    names: _Names
    words: list[str] = Field(min_length=1)
    commodities: list[str] = []


class _WarningDoc(_Strict):
    threshold: int = Field(default=3, ge=2, le=100)
    days: int = Field(default=7, ge=1, le=60)
    neighbours: dict[str, list[str]] = {}


class _CommoditiesFile(_Strict):
    spec_version: int
    early_warning: _WarningDoc = _WarningDoc()
    commodities: list[_CommodityDoc] = Field(min_length=1)
    hotline_commodities: list[str] = Field(min_length=1, max_length=9)
    topics: list[_TopicDoc] = Field(min_length=1, max_length=5)
    markets: list[_MarketDoc] = Field(min_length=1)
    pests: list[_PestDoc] = []


class _OfficerDoc(_Strict):
    code: str = Field(pattern=CODE)
    name: str = Field(min_length=3)
    phone: str = Field(pattern=E164)
    desa: list[str] = []
    backup_for: list[str] = []


class _CoordinatorDoc(_Strict):
    code: str = Field(pattern=CODE)
    name: str = Field(min_length=3)
    phone: str = Field(pattern=E164)
    kecamatan: str = ""


class _OfficersFile(_Strict):
    spec_version: int
    escalate_after_hours: int = Field(default=48, ge=1, le=24 * 14)
    coordinators: list[_CoordinatorDoc] = Field(min_length=1)
    officers: list[_OfficerDoc] = Field(min_length=1)


class _ItemDoc(_Strict):
    code: str = Field(pattern=CODE)
    commodity: str
    topic: str
    source: str
    title: dict[str, str]
    text: dict[str, str]


class _LibraryFile(_Strict):
    spec_version: int
    sources: dict[str, str] = {}
    items: list[_ItemDoc] = []


MODELS: Mapping[str, type[_Strict]] = {
    "commodities.yaml": _CommoditiesFile, "officers.yaml": _OfficersFile,
    "library.yaml": _LibraryFile,
}


def _parse(file: str, document: Any, errors: list[str]) -> Any:
    if not isinstance(document, dict):
        errors.append(f"{file}: (top) {type(document).__name__}: expected a mapping")
        return None
    if document.get("spec_version") != SPEC_VERSION:
        errors.append(f"{file}: spec_version {document.get('spec_version')!r}: expected "
                      f"{SPEC_VERSION}")
        return None
    try:
        return MODELS[file].model_validate(document)
    except ValidationError as exc:
        for err in exc.errors():
            where = format_path(tuple(err["loc"]))
            if err["type"] == "missing":
                errors.append(f"{file}: {where}: is required")
            else:
                message = err["msg"].removeprefix("Value error, ")
                errors.append(f"{file}: {where} {err['input']!r}: {message}")
        return None


def _unique(file: str, path: str, codes: list[str], errors: list[str]) -> None:
    for index, code in enumerate(codes):
        if code in codes[:index]:
            errors.append(f"{file}: {path}[{index}].code {code!r}: duplicate code")


def _commodities(doc: _CommoditiesFile, areas: Mapping[str, str],
                 errors: list[str]) -> dict[str, Any]:
    file = "commodities.yaml"
    for key, items in (("commodities", doc.commodities), ("topics", doc.topics),
                       ("markets", doc.markets), ("pests", doc.pests)):
        _unique(file, key, [item.code for item in items], errors)
    codes = {c.code for c in doc.commodities}
    for index, code in enumerate(doc.hotline_commodities):
        if code not in codes:
            errors.append(f"{file}: hotline_commodities[{index}] {code!r}: not a commodity")
    for i, pest in enumerate(doc.pests):
        for j, code in enumerate(pest.commodities):
            if code not in codes:
                errors.append(f"{file}: pests[{i}].commodities[{j}] {code!r}: not a commodity")
    if sum(m.default for m in doc.markets) > 1:
        errors.append(f"{file}: markets: more than one market is the default")
    for desa, listed in doc.early_warning.neighbours.items():
        for code in (desa, *listed):
            if areas.get(code) not in ("desa", "kelurahan"):
                errors.append(f"{file}: early_warning.neighbours.{desa} {code!r}: not a "
                              "desa/kelurahan code in areas.yaml")
    return {
        "commodities": {c.code: Commodity(c.code, c.group, c.names.model_dump(),
                                          tuple(c.variants), c.unit) for c in doc.commodities},
        "hotline_commodities": tuple(doc.hotline_commodities),
        "topics": {t.code: Topic(t.code, t.names.model_dump()) for t in doc.topics},
        "markets": {m.code: Market(m.code, m.name, m.default) for m in doc.markets},
        "pests": {p.code: Pest(p.code, p.names.model_dump(), tuple(p.words),
                               tuple(p.commodities)) for p in doc.pests},
        "warning_threshold": doc.early_warning.threshold,
        "warning_days": doc.early_warning.days,
        "neighbours": {d: tuple(n) for d, n in doc.early_warning.neighbours.items()},
    }


def _officers(doc: _OfficersFile, areas: Mapping[str, str], errors: list[str]) -> dict[str, Any]:
    file = "officers.yaml"
    _unique(file, "officers", [o.code for o in doc.officers], errors)
    _unique(file, "coordinators", [c.code for c in doc.coordinators], errors)
    responsible: Counter[str] = Counter()
    backups: Counter[str] = Counter()
    for i, officer in enumerate(doc.officers):
        for key, counter in (("desa", responsible), ("backup_for", backups)):
            for j, code in enumerate(getattr(officer, key)):
                if areas.get(code) not in ("desa", "kelurahan"):
                    errors.append(f"{file}: officers[{i}].{key}[{j}] {code!r}: not a "
                                  "desa/kelurahan code in areas.yaml")
                counter[code] += 1
        for code in set(officer.desa) & set(officer.backup_for):
            errors.append(f"{file}: officers[{i}].backup_for {code!r}: the officer is already "
                          "responsible for it")
    for code, kind in sorted(areas.items()):
        if kind in ("desa", "kelurahan") and responsible[code] != 1:
            count = responsible[code]
            errors.append(f"{file}: officers: desa {code!r} has {count} responsible officers; "
                          "expected exactly one")
        if backups[code] > 1:
            errors.append(f"{file}: officers: desa {code!r} has {backups[code]} backups; "
                          "expected at most one")
    for i, coordinator in enumerate(doc.coordinators):
        if coordinator.kecamatan and areas.get(coordinator.kecamatan) != "kecamatan":
            errors.append(f"{file}: coordinators[{i}].kecamatan {coordinator.kecamatan!r}: "
                          "not a kecamatan code in areas.yaml")
    return {
        "officers": {o.code: Officer(o.code, o.name, o.phone, tuple(o.desa),
                                     tuple(o.backup_for)) for o in doc.officers},
        "coordinators": {c.code: Coordinator(c.code, c.name, c.phone, c.kecamatan)
                         for c in doc.coordinators},
        "escalate_after_hours": doc.escalate_after_hours,
    }


def _library(doc: _LibraryFile, commodities: set[str], topics: set[str],
             errors: list[str]) -> tuple[AdviceSeed, ...]:
    file = "library.yaml"
    _unique(file, "items", [item.code for item in doc.items], errors)
    seeds = []
    for i, item in enumerate(doc.items):
        path = f"{file}: items[{i}]"
        if commodities and item.commodity not in commodities:
            errors.append(f"{path}.commodity {item.commodity!r}: not a commodity")
        if topics and item.topic not in topics:
            errors.append(f"{path}.topic {item.topic!r}: not a topic")
        if item.source not in doc.sources:
            errors.append(f"{path}.source {item.source!r}: not one of sources")
        for key in ("title", "text"):
            values = getattr(item, key)
            for language in LIBRARY_LANGUAGES:
                if len(values.get(language, "").strip()) < 3:
                    errors.append(f"{path}.{key}.{language}: is required")
            for language in values:
                if language not in LANGUAGES:
                    errors.append(f"{path}.{key}.{language}: unknown language; use id or jv")
        for language, text in item.text.items():
            if len(text.split()) > MAX_ITEM_WORDS:
                errors.append(f"{path}.text.{language}: {len(text.split())} words; at most "
                              f"{MAX_ITEM_WORDS} (90 seconds read aloud)")
        seeds.append(AdviceSeed(item.code, item.commodity, item.topic, item.source,
                                dict(item.title), dict(item.text)))
    return tuple(seeds)


def build_farming(documents: Mapping[str, Any], areas: Mapping[str, str]) -> FarmingCatalog:
    """Validate the parsed files (file name -> YAML content) against the city's `areas`
    (code -> level) and freeze them; raises `FarmingConfigError` with every problem."""
    errors: list[str] = []
    parsed: dict[str, Any] = {}
    for file in FILES:
        if file not in documents:
            errors.append(f"{file}: missing file")
            continue
        parsed[file] = _parse(file, documents[file], errors)
    commodities = (_commodities(parsed["commodities.yaml"], areas, errors)
                   if parsed.get("commodities.yaml") else None)
    officers = (_officers(parsed["officers.yaml"], areas, errors)
                if parsed.get("officers.yaml") else None)
    library_doc = parsed.get("library.yaml")
    library = _library(library_doc, set(commodities["commodities"]) if commodities else set(),
                       set(commodities["topics"]) if commodities else set(),
                       errors) if library_doc else ()
    if errors or commodities is None or officers is None or library_doc is None:
        raise FarmingConfigError(errors)
    return FarmingCatalog(**commodities, **officers, library=library,
                          sources=dict(library_doc.sources))
