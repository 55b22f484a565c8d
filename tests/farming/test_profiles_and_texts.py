"""Registration by SMS, read forgivingly, and every farming text short and GSM-7."""

from __future__ import annotations

import pytest

from farming.names import find_commodities
from farming.profiles import Registration, read_registration
from farming.replies import TEXTS, farm_reply
from routing.places import find_place
from sms.grammar import parse
from sms.segments import count_segments, is_gsm7


@pytest.fixture
def read(farming, catalog):
    def reader(text: str) -> Registration:
        def place(part: str) -> str | None:
            found = find_place(catalog, part)
            return found.code if found else None

        return read_registration(text, place, lambda part: find_commodities(farming, part))

    return reader


@pytest.mark.parametrize("text", [
    "Sutrisno, Punten, kentang kubis",
    "kentang dan kubis; Punten; Sutrisno",
    "sutrisno / punten / kentang, kobis",
    "SUTRISNO\nPUNTEN\nKENTANG KUBIS",
])
def test_daftar_is_read_in_any_order_and_with_any_separator(read, text):
    registered = read(text)
    assert registered == Registration("Sutrisno", "35.79.02.2001", ("kentang", "kubis"))
    assert registered.missing == ()


def test_what_is_missing_is_asked_for_and_a_nik_is_never_kept(read):
    partial = read("Bu Sri Wahyuni, poktan Makmur Jaya, 3579012345678901")
    assert partial.name == "Bu Sri Wahyuni" and partial.group == "Makmur Jaya"
    assert partial.missing == ("desa", "commodities")
    assert "3579" not in repr(partial)
    assert partial.merged(read("Sumberbrantas")).merged(read("wortel")).missing == ()


@pytest.mark.parametrize(("text", "kind", "argument"), [
    ("DAFTAR Sutrisno, Punten, kentang", "register", "Sutrisno, Punten, kentang"),
    ("daptar sutrisno punten kentang", "register", "sutrisno punten kentang"),
    ("HARGA KENTANG", "price", "KENTANG"), ("hrg kentang 6000", "price", "kentang 6000"),
    ("harag kentnag", "price", "kentnag"), ("rego kenthang", "price", "kenthang"),
    ("TANYA daun kentang menghitam", "ask", "daun kentang menghitam"),
    ("tny kobis bolong", "ask", "kobis bolong"), ("takon ama kobis", "ask", "ama kobis"),
    ("DATA", "my_data", ""), ("data saya", "my_data", ""), ("HAPUS", "forget", ""),
    ("hapus data saya", "forget", ""), ("hps", "forget", ""),
    # Not farming commands: a complaint that starts with the word is a report.
    ("harga pupuk naik terus, tolong pemerintah turun tangan", "report", None),
    ("data kependudukan saya salah mohon dibetulkan", "report", None),
    ("tanah longsor di Punten", "report", None),
])
def test_farming_keywords_with_misspellings(text, kind, argument):
    command = parse(text)
    assert command.kind == kind
    if argument is not None:
        assert command.argument == argument


def test_every_farming_text_is_gsm7_and_at_most_two_sms():
    values = {"name": "Sri Wahyuni Kusumaningrum", "desa": "Sumberbrantas",
              "commodities": "kentang, kubis, wortel, bawang prei", "group": "; poktan Makmur",
              "date": "30 Nov 2026", "channel": "SMS", "commodity": "bawang prei",
              "market": "Pasar Induk Among Tani", "price": "Rp17.500", "unit": "kg",
              "change": ", naik Rp2.500 dari seminggu lalu (harga lama, 4 hari lalu)",
              "amount": "Rp2.500", "days": "4", "offer": "Rp12.000", "percent": "31",
              "ticket": "123456785", "answer": "x" * 150, "summary": "y" * 60, "hours": "48"}
    for key, texts in TEXTS.items():
        for language in texts:
            text = farm_reply(key, language, **values)
            assert is_gsm7(text), (key, language)
            assert count_segments(text).count <= 2, (key, language, len(text))
