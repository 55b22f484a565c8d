"""Shared duties (`shared_duties` in config/routing.yaml): a fallen tree on a power line goes
to BPBD, which acts first, with PLN recorded as notified; both are explained."""

from __future__ import annotations

import pytest
import yaml

from gateway.settings import PROJECT_ROOT
from routing.catalog import CatalogError
from routing.rules import build_rules, route_text


def test_a_fallen_tree_on_a_power_line_goes_to_bpbd_and_pln_is_told(rules, catalog):
    decision = route_text(rules, catalog,
                          "Pohon tumbang menutup jalan di Sisir, kabel listrik putus, bahaya!")
    assert (decision.agency, decision.notified, decision.external) == ("BPBD", "PLN", False)
    assert "BPBD (8: pohon tumbang, tumbang) bertindak lebih dulu" in decision.explanation
    assert "PLN (8: listrik, kabel listrik) diberi tahu" in decision.explanation
    assert decision.reply["id"].startswith("Gangguan listrik ditangani PLN")
    assert decision.confidence >= rules.threshold
    assert decision.alarm is not None and decision.alarm.priority == "urgent"


@pytest.mark.parametrize(("text", "agency"), [
    ("listrik padam sejak pagi di Temas", "PLN"),  # PLN's alone
    ("pohon tumbang di jalan Punten", "BPBD"),  # BPBD's alone
    ("kabel listrik menjuntai rendah di depan rumah, pohon kecil di sebelahnya", "PLN"),
])
def test_a_passing_mention_is_not_a_shared_duty(rules, catalog, text, agency):
    decision = route_text(rules, catalog, text)
    assert decision.agency == agency and decision.notified is None, decision.explanation


def test_shared_duties_name_agencies_that_exist(catalog):
    document = yaml.safe_load((PROJECT_ROOT / "config" / "routing.yaml").read_text())
    document["shared_duties"] = [{"partner": "BPBD", "acts_first": ["PLN", "NOPE"]}]
    with pytest.raises(CatalogError) as caught:
        build_rules(document, catalog)
    assert caught.value.errors == (
        "routing.yaml: shared_duties[0].partner 'BPBD': not an external agency in agencies.yaml",
        "routing.yaml: shared_duties[0].acts_first 'PLN': not a city agency in agencies.yaml",
        "routing.yaml: shared_duties[0].acts_first 'NOPE': not a city agency in agencies.yaml",
    )
