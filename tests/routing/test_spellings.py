"""Javanese words, SMS spellings and English (`spellings` in config/routing.yaml) reach the same
agencies as standard Indonesian, with phrases as citizens write them; and the three examples
issue 15 found going to triage route."""

from __future__ import annotations

import pytest
import yaml

from gateway.settings import PROJECT_ROOT
from routing.catalog import CatalogError
from routing.rules import build_rules, route_text


@pytest.mark.parametrize(("text", "agency"), [
    ("dalane rusak parah, akeh bolongan", "PUPR"),
    ("dalan ning Sisir bolong gede, mbok didandani", "PUPR"),
    ("jln dkt SD Punten rsk parah, lbg nya gede2", "PUPR"),
    ("uwuh numpuk ning pinggir kali Brantas, mambu", "DLH"),
    ("smpah blm diangkut udh seminggu", "DLH"),
    ("banyune PDAM mati wis rong dina", "PERUMDA_AIR"),
    ("lampu dalan mati, peteng banget yen bengi", "PUPR"),
    ("wit ambruk nutupi dalan ning Punten", "BPBD"),
    ("got mampet, banyune mlebu omah", "PUPR"),
    ("the road is broken near the hotel in Oro Oro Ombo", "PUPR"),
    ("there is a lot of rubbish in the river at Sisir", "DLH"),
])
def test_javanese_sms_and_english_texts_reach_the_agency(rules, catalog, text, agency):
    decision = route_text(rules, catalog, text)
    assert decision.agency == agency, decision.explanation


def test_the_examples_issue_15_found_in_triage_now_route(rules, catalog):
    tree = route_text(rules, catalog, "Pohon tumbang menutup jalan di Sisir, kabel listrik "
                                      "putus, bahaya!")
    assert (tree.agency, tree.notified) == ("BPBD", "PLN")
    assert route_text(rules, catalog, "dalane rusak parah, akeh bolongan").agency == "PUPR"
    assert route_text(rules, catalog, "the road is broken near the hotel in Oro Oro "
                                      "Ombo").agency == "PUPR"


def test_bad_spellings_name_path_and_value(catalog):
    document = yaml.safe_load((PROJECT_ROOT / "config" / "routing.yaml").read_text())
    document["spellings"]["sms"]["Jln"] = "jalan"
    document["spellings"]["english"]["dalan"] = "road"
    with pytest.raises(CatalogError) as caught:
        build_rules(document, catalog)
    errors = caught.value.errors
    assert "routing.yaml: spellings.sms.Jln 'jalan': the word must be lower-case letters only" \
        in errors
    assert "routing.yaml: spellings.english.dalan 'road': already maps to 'jalan'" in errors
