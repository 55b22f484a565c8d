"""The advice library: the one module that writes `advice_items` and `advice_texts`.

Items are read at call time (so an edit on the page is heard on the next call) and counted:
each play, and each play heard to the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from farming.library import Entry
from gateway.store import models

ITEMS = models.table(models.AdviceItem)
TEXTS = models.table(models.AdviceText)


@dataclass(frozen=True, slots=True)
class ItemText:
    """An item as a caller hears it, in one language."""

    id: int
    code: str
    commodity: str
    topic: str
    language: str
    title: str
    text: str
    audio_path: str | None


@dataclass(frozen=True, slots=True)
class ItemRow:
    """An item as the editor shows it: every language, and its counts."""

    id: int
    code: str
    commodity: str
    topic: str
    source: str
    active: bool
    plays: int
    completions: int
    updated_at: datetime
    updated_by: str
    texts: Mapping[str, tuple[str, str, str | None]]  # language -> (title, text, audio)


def _texts_of(connection: Connection, item_ids: list[int]) -> dict[int, dict[str, tuple[
        str, str, str | None]]]:
    found: dict[int, dict[str, tuple[str, str, str | None]]] = {}
    for row in connection.execute(select(TEXTS).where(TEXTS.c.item_id.in_(item_ids))):
        found.setdefault(row.item_id, {})[row.language] = (row.title, row.text, row.audio_path)
    return found


def entries(connection: Connection, language: str) -> list[Entry]:
    """The active items as the library tree needs them, titled in `language` (else id)."""
    rows = connection.execute(select(ITEMS.c.id, ITEMS.c.commodity, ITEMS.c.topic)
                              .where(ITEMS.c.active.is_(True))).all()
    texts = _texts_of(connection, [r.id for r in rows])
    found = []
    for row in rows:
        by_language = texts.get(row.id, {})
        chosen = by_language.get(language) or by_language.get("id")
        if chosen:
            found.append(Entry(row.id, row.commodity, row.topic, chosen[0]))
    return found


def item_text(connection: Connection, item_id: int, language: str) -> ItemText | None:
    """An active item in `language`, else in Indonesian; None when there is none."""
    row = connection.execute(select(ITEMS).where(ITEMS.c.id == item_id,
                                                 ITEMS.c.active.is_(True))).first()
    if row is None:
        return None
    by_language = _texts_of(connection, [item_id]).get(item_id, {})
    spoken = language if language in by_language else "id"
    if spoken not in by_language:
        return None
    title, text, audio = by_language[spoken]
    return ItemText(row.id, row.code, row.commodity, row.topic, spoken, title, text, audio)


def count(connection: Connection, item_id: int, completed: bool = False) -> None:
    """One more play of an item (or one more heard to the end)."""
    column = ITEMS.c.completions if completed else ITEMS.c.plays
    connection.execute(update(ITEMS).where(ITEMS.c.id == item_id)
                       .values({column: column + 1}))


def all_items(connection: Connection) -> list[ItemRow]:
    """Every item, for the editor and the statistics, by commodity and topic."""
    rows = connection.execute(select(ITEMS).order_by(ITEMS.c.commodity, ITEMS.c.topic,
                                                     ITEMS.c.id)).all()
    texts = _texts_of(connection, [r.id for r in rows])
    return [ItemRow(r.id, r.code, r.commodity, r.topic, r.source, r.active, r.plays,
                    r.completions, r.updated_at, r.updated_by, texts.get(r.id, {}))
            for r in rows]


def save(connection: Connection, item_id: int | None, values: Mapping[str, object],
         texts: Mapping[str, tuple[str, str]], operator: str, now: datetime) -> int:
    """Create (`item_id` None) or change an item: code, commodity, topic, source, active,
    and its title and text per language. Uploaded recordings stay."""
    row = {**values, "updated_at": now, "updated_by": operator}
    if item_id is None:
        item_id = int(connection.execute(insert(ITEMS).values(plays=0, completions=0, **row)
                                         .returning(ITEMS.c.id)).scalar_one())
    else:
        connection.execute(update(ITEMS).where(ITEMS.c.id == item_id).values(**row))
    for language, (title, text) in texts.items():
        updated = connection.execute(update(TEXTS).where(
            TEXTS.c.item_id == item_id, TEXTS.c.language == language).values(
            title=title, text=text))
        if not updated.rowcount:
            connection.execute(insert(TEXTS).values(item_id=item_id, language=language,
                                                    title=title, text=text))
    return item_id


def set_audio(connection: Connection, item_id: int, language: str, path: str | None,
              seconds: int | None, operator: str, now: datetime) -> None:
    """Attach (or, with None, remove) an uploaded recording for one language."""
    connection.execute(update(TEXTS).where(TEXTS.c.item_id == item_id,
                                           TEXTS.c.language == language)
                       .values(audio_path=path, audio_seconds=seconds))
    connection.execute(update(ITEMS).where(ITEMS.c.id == item_id)
                       .values(updated_at=now, updated_by=operator))


def remove_language(connection: Connection, item_id: int, language: str) -> None:
    """Drop one language of an item."""
    connection.execute(delete(TEXTS).where(TEXTS.c.item_id == item_id,
                                           TEXTS.c.language == language))
