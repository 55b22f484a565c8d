"""Reading the city's reference data from `config/` and mirroring it into the database.

The files are validated by `routing.catalog.build_catalog`; this module adds the I/O (reading,
YAML syntax errors with their line) and the upsert into the reference tables, so reports can
refer to agencies, areas and categories by key. Codes removed from config are deactivated,
never deleted: old reports keep pointing at them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from gateway.store import models
from routing.catalog import Catalog, CatalogError
from routing.catalog_files import FILES, build_catalog
from routing.model import NOT_REPORT, load_model
from routing.rules import Rules, build_rules

MODEL_FILE = "routing_model.json"  # written by `lapor route train`


def read_yaml_files(folder: Path, names: Iterable[str]) -> tuple[dict[str, Any], list[str]]:
    """The parsed YAML of each file `names` in `folder`, and a line per file that could not be
    read (missing, unreadable, or its syntax error with line and column)."""
    documents: dict[str, Any] = {}
    errors: list[str] = []
    for name in names:
        path = folder / name
        try:
            documents[name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            errors.append(f"{path}: missing file")
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1} column {mark.column + 1}:" if mark else ""
            problem = getattr(exc, "problem", None) or str(exc)
            errors.append(f"{path}:{where} YAML syntax error: {problem}")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{path}: cannot read: {exc}")
    return documents, errors


def load_catalog(config_dir: Path) -> Catalog:
    """Read and validate every reference file in `config_dir`; raise `CatalogError` listing all
    problems, each prefixed with the file's path."""
    documents, errors = read_yaml_files(config_dir, FILES)
    try:
        catalog = build_catalog(documents)
    except CatalogError as exc:
        # Files that could not be read are already reported above with their own reason.
        errors += [str(config_dir / e) for e in exc.errors if e.split(":")[0] in documents]
    if errors:
        raise CatalogError(errors)
    return catalog


def load_rules(config_dir: Path, catalog: Catalog, with_model: bool = True) -> Rules:
    """Read and validate `routing.yaml` and (`with_model`) the trained router's file; raise
    `CatalogError` naming file, path and value."""
    path = config_dir / "routing.yaml"
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError([f"{path}: missing file"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1} column {mark.column + 1}:" if mark else ""
        raise CatalogError([f"{path}:{where} YAML syntax error: "
                            f"{getattr(exc, 'problem', None) or exc}"]) from None
    rules = build_rules(document, catalog, str(path))
    model_path = config_dir / MODEL_FILE
    if not with_model or not model_path.is_file():
        return rules
    try:
        model = load_model(json.loads(model_path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise CatalogError([f"{model_path}: not a routing model ({exc}); rebuild it with "
                            "`lapor route train`"]) from None
    unknown = sorted(set(model.classes) - {*catalog.agencies, NOT_REPORT})
    if unknown:
        raise CatalogError([f"{model_path}: classes {unknown}: not agency codes in "
                            "agencies.yaml; rebuild it with `lapor route train`"])
    return replace(rules, model=model)


def _upsert(
    session: Session, model: type[models.Base], key: str, rows: list[dict[str, Any]]
) -> None:
    if not rows:
        return
    insert = pg_insert if session.bind is not None and session.bind.dialect.name == "postgresql" \
        else sqlite_insert
    statement = insert(model).values(rows)
    columns = {name: statement.excluded[name] for name in rows[0] if name != key}
    session.execute(statement.on_conflict_do_update(index_elements=[key], set_=columns))
    table_key = getattr(model, key)
    session.execute(
        update(model).where(table_key.not_in([r[key] for r in rows])).values(active=False)
    )


def sync_reference(session: Session, catalog: Catalog) -> None:
    """Make the reference tables match `catalog`: insert or update, deactivate what is gone."""
    _upsert(session, models.Agency, "code", [
        {"code": a.code, "name": a.name, "short_name": a.short_name, "external": a.external,
         "urc_numbers": list(a.urc_numbers), "active": True}
        for a in catalog.agencies.values()
    ])
    ordered = sorted(catalog.areas.values(), key=lambda a: (a.parent_code is not None, a.code))
    _upsert(session, models.Area, "code", [
        {"code": a.code, "name": a.name, "level": a.level, "parent_code": a.parent_code,
         "active": True}
        for a in ordered
    ])
    _upsert(session, models.Category, "code", [
        {"code": c.code, "name": c.name("id"), "agency_code": c.agency, "priority": c.priority,
         "acknowledge_hours": c.acknowledge_hours, "resolve_hours": c.resolve_hours,
         "active": True}
        for c in catalog.categories.values()
    ])
