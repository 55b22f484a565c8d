"""The advice library as a keypad tree: commodity, then topic, then item, at most five keys a
level.

`browse` turns the items that exist now (they are edited on the page, so the tree is built at
call time) and a path of choices into the level the caller hears: its options, or the item
itself when a topic has one item. A level with more than five options shows four and "more" on
key 5. Pure: the items come in, the level goes out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MAX_KEYS = 5
PAGE = MAX_KEYS - 1  # the fifth key turns the page when a level has more options


@dataclass(frozen=True, slots=True)
class Entry:
    """An advice item as the tree knows it (texts and audio are the host's)."""

    id: int
    commodity: str
    topic: str
    title: str


@dataclass(frozen=True, slots=True)
class Option:
    """One key of a level: what it leads to (a commodity, a topic, an item, or the next page)."""

    key: str
    kind: str  # commodity, topic, item, more
    code: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Level:
    """Where the caller is in the tree: the options to press, or one item to hear."""

    path: tuple[str, ...]
    options: tuple[Option, ...] = ()
    item: Entry | None = None
    page: int = 0


def _page(kind: str, codes: Sequence[tuple[str, str]], page: int) -> tuple[Option, ...]:
    """The options of one page: (code, title) pairs, four a page plus "more" when needed."""
    if len(codes) <= MAX_KEYS:
        shown, more = list(codes), False
    else:
        start = (page * PAGE) % len(codes)
        shown, more = list(codes[start:start + PAGE]), True
    options = [Option(str(i), kind, code, title) for i, (code, title) in enumerate(shown, 1)]
    if more:
        options.append(Option(str(MAX_KEYS), "more", ""))
    return tuple(options)


def browse(entries: Iterable[Entry], path: Sequence[str], page: int = 0,
           commodity_order: Sequence[str] = (), topic_order: Sequence[str] = ()) -> Level:
    """The level at `path` (commodity, then topic, then item id): its options, or the item."""
    items = list(entries)
    rank: Mapping[str, int] = {c: i for i, c in enumerate(commodity_order)}
    topic_rank: Mapping[str, int] = {t: i for i, t in enumerate(topic_order)}
    path = tuple(path)
    if not path:
        codes = sorted({e.commodity for e in items}, key=lambda c: (rank.get(c, len(rank)), c))
        return Level(path, _page("commodity", [(c, "") for c in codes], page), page=page)
    commodity = path[0]
    of_commodity = [e for e in items if e.commodity == commodity]
    if len(path) == 1:
        topics = sorted({e.topic for e in of_commodity},
                        key=lambda t: (topic_rank.get(t, len(topic_rank)), t))
        return Level(path, _page("topic", [(t, "") for t in topics], page), page=page)
    in_topic = sorted((e for e in of_commodity if e.topic == path[1]), key=lambda e: e.id)
    if len(path) == 2 and len(in_topic) == 1:
        return Level(path + (str(in_topic[0].id),), item=in_topic[0])
    if len(path) == 2:
        return Level(path, _page("item", [(str(e.id), e.title) for e in in_topic], page),
                     page=page)
    item = next((e for e in in_topic if str(e.id) == path[2]), None)
    return Level(path, item=item)


def choose(level: Level, key: str) -> tuple[tuple[str, ...], int] | None:
    """The path and page a key leads to from `level`; None when the key offers nothing."""
    option = next((o for o in level.options if o.key == key), None)
    if option is None:
        return None
    if option.kind == "more":
        return level.path, level.page + 1
    return level.path + (option.code,), 0


def back(path: Sequence[str], single_item: bool = False) -> tuple[str, ...] | None:
    """The path one level up (None: leave the library). From an item that was a topic's only
    one, up means the commodity's topics."""
    path = tuple(path)
    if not path:
        return None
    if len(path) == 3 and single_item:
        return path[:1]
    return path[:-1]
