"""Reading the reference data: the schema of `config/agencies.yaml`, `areas.yaml` and
`categories.yaml`, and `build_catalog`, which turns their parsed documents into a `Catalog`.

One pipeline: version check, schema, frozen objects, then consistency checks across files. It
never stops at the first problem: every error is collected and `CatalogError` lists them all,
each naming file, path and value. It does no I/O; the caller reads the files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from routing.catalog import (
    LANGUAGES,
    Agency,
    Area,
    Catalog,
    CatalogError,
    Category,
    Priority,
)

SPEC_VERSION = 1
AGENCY_CODE = r"^[A-Z][A-Z0-9_]{1,31}$"
CATEGORY_CODE = r"^[a-z][a-z0-9_]{1,31}$"
E164 = r"^\+[1-9]\d{6,14}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _AgencyDoc(_Strict):
    code: str = Field(pattern=AGENCY_CODE)
    name: str = Field(min_length=3)
    short_name: str = Field(min_length=2)
    spoken_name: str = Field(min_length=2)
    kind: str = Field(min_length=2)
    external: bool = False
    verified: bool = True
    handles: str = ""
    urc_numbers: list[str] = []
    head_numbers: list[str] = []


class _DesaDoc(_Strict):
    code: str = Field(pattern=r"^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$")
    name: str = Field(min_length=2)
    kind: Literal["desa", "kelurahan"]
    postcode: str = Field(pattern=r"^\d{5}$")
    variants: list[str] = []


class _KecamatanDoc(_Strict):
    code: str = Field(pattern=r"^\d{2}\.\d{2}\.\d{2}$")
    name: str = Field(min_length=2)
    variants: list[str] = []
    desa: list[Any] = Field(min_length=1)


class _CityDoc(_Strict):
    code: str = Field(pattern=r"^\d{2}\.\d{2}$")
    name: str


class _CategoryDoc(_Strict):
    code: str = Field(pattern=CATEGORY_CODE)
    names: dict[str, str]
    agency: str | None
    priority: Priority
    acknowledge_hours: int = Field(ge=1, le=24 * 30)
    resolve_hours: int = Field(ge=1, le=24 * 365)


# Each file: its top-level list and the model of one item. Items are validated one by one, so
# one bad item does not hide the problems of the others.
FILES: Mapping[str, tuple[str, type[_Strict]]] = {
    "agencies.yaml": ("agencies", _AgencyDoc),
    "areas.yaml": ("kecamatan", _KecamatanDoc),
    "categories.yaml": ("categories", _CategoryDoc),
}


def format_path(loc: tuple[int | str, ...]) -> str:
    """('categories', 3, 'agency') -> 'categories[3].agency'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


def _schema_errors(
    file: str, exc: ValidationError, prefix: tuple[int | str, ...] = ()
) -> list[str]:
    errors = []
    for err in exc.errors():
        loc = prefix + tuple(err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            errors.append(f"{file}: {format_path(loc)}: is required")
        else:
            errors.append(f"{file}: {format_path(loc)} {err['input']!r}: {message}")
    return errors


def _validate(file: str, prefix: tuple[int | str, ...], model: type[Any], item: Any,
              errors: list[str]) -> Any:
    try:
        return model.model_validate(item)
    except ValidationError as exc:
        errors.extend(_schema_errors(file, exc, prefix))
        return None


def _parse(file: str, document: Any, errors: list[str]) -> dict[str, Any] | None:
    """Version check, then the schema of each item; returns {'items': [(index, item)], ...}."""
    if not isinstance(document, dict):
        errors.append(f"{file}: (top) {type(document).__name__}: expected a mapping")
        return None
    version = document.get("spec_version")
    if version != SPEC_VERSION:
        errors.append(f"{file}: spec_version {version!r}: expected {SPEC_VERSION}")
        return None
    key, model = FILES[file]
    allowed = {"spec_version", key} | ({"city"} if file == "areas.yaml" else set())
    for extra in sorted(set(document) - allowed):
        errors.append(f"{file}: {extra}: unknown key")
    items = document.get(key)
    if not isinstance(items, list) or not items:
        errors.append(f"{file}: {key} {items!r}: expected a non-empty list")
        return None
    parsed: dict[str, Any] = {"items": []}
    for index, item in enumerate(items):
        doc = _validate(file, (key, index), model, item, errors)
        if doc is not None:
            parsed["items"].append((index, doc))
    if file == "areas.yaml":
        parsed["city"] = _validate(file, ("city",), _CityDoc, document.get("city"), errors)
    return parsed


def _duplicates(file: str, path: str, items: list[tuple[int, Any]], errors: list[str]) -> None:
    seen: set[str] = set()
    for index, item in items:
        if item.code in seen:
            errors.append(f"{file}: {path}[{index}].code {item.code!r}: duplicate code")
        seen.add(item.code)


def _agencies(items: list[tuple[int, _AgencyDoc]], errors: list[str]) -> dict[str, Agency]:
    _duplicates("agencies.yaml", "agencies", items, errors)
    for i, agency in items:
        for field_name in ("urc_numbers", "head_numbers"):
            for j, number in enumerate(getattr(agency, field_name)):
                if not re.match(E164, number):
                    errors.append(
                        f"agencies.yaml: agencies[{i}].{field_name}[{j}] {number!r}: "
                        "expected E.164, such as +62341512111"
                    )
    return {
        a.code: Agency(
            code=a.code, name=a.name, short_name=a.short_name, spoken_name=a.spoken_name,
            kind=a.kind, external=a.external, verified=a.verified, handles=a.handles,
            urc_numbers=tuple(a.urc_numbers), head_numbers=tuple(a.head_numbers),
        )
        for _, a in items
    }


def _areas(
    city: _CityDoc | None, items: list[tuple[int, _KecamatanDoc]], errors: list[str]
) -> dict[str, Area]:
    file = "areas.yaml"
    areas: dict[str, Area] = {}
    for i, kec in items:
        if city is not None and not kec.code.startswith(city.code + "."):
            errors.append(
                f"{file}: kecamatan[{i}].code {kec.code!r}: not inside city {city.code!r}"
            )
        if kec.code in areas:
            errors.append(f"{file}: kecamatan[{i}].code {kec.code!r}: duplicate code")
        areas[kec.code] = Area(kec.code, kec.name, "kecamatan", None, None, tuple(kec.variants))
        for j, raw in enumerate(kec.desa):
            desa = _validate(file, ("kecamatan", i, "desa", j), _DesaDoc, raw, errors)
            if desa is None:
                continue
            path = f"kecamatan[{i}].desa[{j}].code"
            if not desa.code.startswith(kec.code + "."):
                errors.append(f"{file}: {path} {desa.code!r}: not inside kecamatan {kec.code!r}")
            expected = "1" if desa.kind == "kelurahan" else "2"
            if desa.code.rsplit(".", 1)[-1][0] != expected:
                errors.append(
                    f"{file}: {path} {desa.code!r}: a {desa.kind} code ends in {expected}xxx"
                )
            if desa.code in areas:
                errors.append(f"{file}: {path} {desa.code!r}: duplicate code")
            areas[desa.code] = Area(
                desa.code, desa.name, desa.kind, kec.code, desa.postcode, tuple(desa.variants)
            )
    return areas


def _categories(
    items: list[tuple[int, _CategoryDoc]], agencies: Mapping[str, Agency] | None,
    errors: list[str],
) -> dict[str, Category]:
    _duplicates("categories.yaml", "categories", items, errors)
    for i, cat in items:
        path = f"categories.yaml: categories[{i}]"
        for language in LANGUAGES:
            if not cat.names.get(language, "").strip():
                errors.append(f"{path}.names.{language}: is required")
        for language in cat.names:
            if language not in LANGUAGES:
                errors.append(f"{path}.names.{language}: unknown language; use id, jv or en")
        if agencies is not None and cat.agency is not None and cat.agency not in agencies:
            errors.append(f"{path}.agency {cat.agency!r}: not an agency code in agencies.yaml")
        if cat.resolve_hours < cat.acknowledge_hours:
            errors.append(
                f"{path}.resolve_hours {cat.resolve_hours!r}: shorter than acknowledge_hours"
            )
    return {
        c.code: Category(
            code=c.code, names=dict(c.names), agency=c.agency, priority=c.priority,
            acknowledge_hours=c.acknowledge_hours, resolve_hours=c.resolve_hours,
        )
        for _, c in items
    }


def build_catalog(documents: Mapping[str, Any]) -> Catalog:
    """Validate the parsed documents (file name -> YAML content) and freeze them.

    Raises `CatalogError` with every problem found, each naming file, path and value.
    """
    errors: list[str] = []
    for file in FILES:
        if file not in documents:
            errors.append(f"{file}: missing file")
    parsed = {file: _parse(file, documents[file], errors) for file in FILES if file in documents}
    agency_doc, area_doc, category_doc = (parsed.get(f) for f in FILES)
    agencies = _agencies(agency_doc["items"], errors) if agency_doc else None
    areas = _areas(area_doc["city"], area_doc["items"], errors) if area_doc else None
    categories = _categories(category_doc["items"], agencies, errors) if category_doc else None
    if errors or agencies is None or areas is None or categories is None:
        raise CatalogError(errors)
    return Catalog(agencies=agencies, areas=areas, categories=categories)
