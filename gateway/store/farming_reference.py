"""Reading `config/farming/` and loading its starting data into the database.

The files are validated by `farming.catalog_files.build_farming` against the city's areas; this
module adds the I/O and the seeding: officers, their desa and the starter library are inserted
when absent and never overwritten, because after that they are edited on the pages.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from farming.catalog import FarmingCatalog, FarmingConfigError
from farming.catalog_files import FILES, build_farming
from gateway.store import models
from gateway.store.reference import read_yaml_files
from routing.catalog import Catalog

FARMING_DIR = "farming"


def load_farming(config_dir: Path, catalog: Catalog) -> FarmingCatalog:
    """Read and validate `config_dir/farming/*.yaml`; raise `FarmingConfigError` listing every
    problem, each prefixed with the file's path."""
    folder = config_dir / FARMING_DIR
    documents, errors = read_yaml_files(folder, FILES)
    areas = {code: area.level for code, area in catalog.areas.items()}
    try:
        farming = build_farming(documents, areas)
    except FarmingConfigError as exc:
        errors += [str(folder / e) for e in exc.errors if e.split(":")[0] in documents]
    if errors:
        raise FarmingConfigError(errors)
    return farming


def seed_farming(session: Session, farming: FarmingCatalog, now: datetime) -> None:
    """Insert the officers, coordinators, desa assignments and starter library items that are
    not in the database yet; what is there (edited on the pages) is left alone."""
    known = set(session.scalars(select(models.FieldOfficer.code)))
    for officer in farming.officers.values():
        if officer.code not in known:
            session.add(models.FieldOfficer(code=officer.code, name=officer.name,
                                            phone=officer.phone, kind="officer", active=True))
    for coordinator in farming.coordinators.values():
        if coordinator.code not in known:
            session.add(models.FieldOfficer(
                code=coordinator.code, name=coordinator.name, phone=coordinator.phone,
                kind="coordinator", kecamatan_code=coordinator.kecamatan or None, active=True))
    session.flush()
    if not session.scalar(select(func.count()).select_from(models.OfficerArea)):
        backups = {desa: o.code for o in farming.officers.values() for desa in o.backup_for}
        for officer in farming.officers.values():
            for desa in officer.desa:
                session.add(models.OfficerArea(desa_code=desa, officer_code=officer.code,
                                               backup_code=backups.get(desa)))
    seeded = set(session.scalars(select(models.AdviceItem.code)))
    for seed in farming.library:
        if seed.code in seeded:
            continue
        item = models.AdviceItem(code=seed.code, commodity=seed.commodity, topic=seed.topic,
                                 source=farming.sources.get(seed.source, seed.source),
                                 active=True, plays=0, completions=0, updated_at=now,
                                 updated_by="config")
        session.add(item)
        session.flush()
        for language, text in seed.texts.items():
            session.add(models.AdviceText(item_id=item.id, language=language,
                                          title=seed.titles.get(language, seed.titles["id"]),
                                          text=text))
