"""The farming rules: names, prices and offers, the library tree, who answers, early warning."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from farming import library
from farming.assignment import Roster, assign, due_escalations
from farming.early_warning import AskedQuestion, flags
from farming.names import find_commodities, pests_named
from farming.prices import PricePoint, compare_offer, quote, read_offer, rupiah

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(("text", "codes"), [
    ("kentang", ["kentang"]), ("KENTAAANG", ["kentang"]), ("kentnag", ["kentang"]),
    ("kenthang", ["kentang"]), ("kobis", ["kubis"]), ("kol", ["kubis"]),
    ("wortle", ["wortel"]), ("lombok rawit", ["cabai"]), ("sapi perah", ["susu"]),
    ("jeruk keprok batu 55", ["jeruk"]), ("apel manalagi, tomat dan cabe", ["apel", "tomat",
                                                                          "cabai"]),
    ("Sutrisno", []), ("Punten", []), ("sawah", []),
])
def test_commodities_are_found_tolerantly(farming, text, codes):
    assert find_commodities(farming, text) == codes


def test_pests_are_found_in_questions_by_their_words(farming):
    pests = farming.pests.values()
    assert pests_named(pests, "daun kentang menghitam, ada lapisan putih. busuk daun?") == \
        ["busuk_daun"]
    assert pests_named(pests, "kobis kula bolong-bolong, kathah uler kobis") == \
        ["ulat_daun_kubis"]
    assert pests_named(pests, "kapan waktu tanam wortel yang baik?") == []


def points(*prices: tuple[int, int]) -> list[PricePoint]:
    return [PricePoint("kentang", "among_tani", "kg", price, TODAY - timedelta(days=ago))
            for ago, price in prices]


def test_a_quote_is_the_latest_price_and_its_change_against_a_week_before():
    found = quote(points((0, 7500), (3, 7200), (7, 7000), (14, 6500)), "kentang", TODAY)
    assert found is not None and found.latest.price == 7500 and found.change == 500
    assert not found.stale
    old = quote(points((5, 7200)), "kentang", TODAY)
    assert old is not None and old.stale and old.change is None
    assert quote(points((0, 7500)), "kubis", TODAY) is None


def test_an_offer_is_low_fair_or_good_against_the_market():
    found = quote(points((0, 7500)), "kentang", TODAY)
    assert found is not None
    low = compare_offer(found, 6000)
    assert (low.verdict, low.percent) == ("low", -20)
    assert compare_offer(found, 7000).verdict == "fair"
    assert compare_offer(found, 7600).verdict == "good"


@pytest.mark.parametrize(("text", "value"), [
    ("6000", 6000), ("6.000", 6000), ("Rp 6.500", 6500), ("6rb", 6000), ("6,5 ribu", 6500),
    ("7k", 7000), ("harga", None),
])
def test_offers_are_read_as_written(text, value):
    assert read_offer(text) == value
    assert rupiah(7500) == "Rp7.500"


ENTRIES = [library.Entry(1, "apel", "hama", "Kutu hijau"),
           library.Entry(2, "apel", "hama", "Tungau merah"),
           library.Entry(3, "apel", "tanam", "Perompesan"),
           library.Entry(4, "kentang", "hama", "Busuk daun")]
ORDER = ("apel", "jeruk", "kentang")


def test_the_library_is_commodity_then_topic_then_item():
    top = library.browse(ENTRIES, (), commodity_order=ORDER)
    assert [(o.key, o.code) for o in top.options] == [("1", "apel"), ("2", "kentang")]
    topics = library.browse(ENTRIES, ("apel",), topic_order=("tanam", "hama"))
    assert [o.code for o in topics.options] == ["tanam", "hama"]
    items = library.browse(ENTRIES, ("apel", "hama"))
    assert [(o.key, o.title) for o in items.options] == [("1", "Kutu hijau"),
                                                         ("2", "Tungau merah")]
    single = library.browse(ENTRIES, ("apel", "tanam"))
    assert single.item is not None and single.item.id == 3 and single.path[-1] == "3"
    assert library.back(single.path, single_item=True) == ("apel",)
    assert library.back(()) is None


def test_a_level_never_offers_more_than_five_keys():
    many = [library.Entry(i, f"c{i:02d}", "hama", "x") for i in range(1, 12)]
    first = library.browse(many, ())
    assert len(first.options) == 5 and first.options[-1].kind == "more"
    path, page = library.choose(first, "5") or ((), -1)
    second = library.browse(many, path, page)
    assert [o.code for o in second.options[:4]] == ["c05", "c06", "c07", "c08"]
    assert library.choose(first, "7") is None


def test_questions_go_to_the_desa_officer_then_backup_then_coordinators(farming):
    roster = Roster(farming.officers, farming.coordinators)
    punten = "35.79.02.2001"
    assert assign(roster, punten).officer == "ppl_04"
    assert assign(roster, punten, level=1).officer == "ppl_05"
    top = assign(roster, punten, level=2)
    assert top.officer is None and top.notify == ("+6281230000102",)
    assert assign(roster, None).level == 2
    now = datetime(2026, 12, 1, tzinfo=UTC)
    waiting = [(1, 0, now - timedelta(hours=49)), (2, 0, now - timedelta(hours=2)),
               (3, 2, now - timedelta(hours=100))]
    assert due_escalations(waiting, now, timedelta(hours=48)) == [1]


def test_three_questions_about_one_pest_around_a_desa_raise_a_flag(catalog):
    now = datetime(2026, 12, 1, tzinfo=UTC)
    desa = [c for c, a in catalog.areas.items() if a.level != "kecamatan"]
    asked = [AskedQuestion(1, "35.79.02.2001", now - timedelta(days=1), ("busuk_daun",),
                           "kentang"),
             AskedQuestion(2, "35.79.02.2003", now - timedelta(days=2), ("busuk_daun",),
                           "kentang"),
             AskedQuestion(3, "35.79.02.2009", now - timedelta(days=6), ("busuk_daun",), None),
             AskedQuestion(4, "35.79.01.1001", now - timedelta(days=1), ("busuk_daun",), None),
             AskedQuestion(5, "35.79.02.2001", now - timedelta(days=9), ("busuk_daun",), None)]
    raised = flags(asked, desa, now)
    assert {(f.desa, f.questions, f.commodity) for f in raised} == {
        (d, (1, 2, 3), "kentang") for d in ("35.79.02.2001", "35.79.02.2003", "35.79.02.2009")}
    assert flags(asked[:2], desa, now) == []
    neighbours = {"35.79.01.1001": ["35.79.02.2001"]}
    assert any(f.desa == "35.79.01.1001" for f in flags(asked, desa, now, threshold=2,
                                                         listed=neighbours))
