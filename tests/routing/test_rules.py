"""Text routing: normalisation, decisions with their reasons, and the rules file's checks."""

import csv

import pytest
import yaml

from gateway.settings import PROJECT_ROOT
from gateway.store.reference import load_rules
from routing.catalog import CatalogError
from routing.normalize import normalize
from routing.rules import build_rules, route_text

OWN = PROJECT_ROOT / "tests" / "data" / "batu_routing_examples.csv"


def test_normalisation_of_sms_spellings_and_javanese(rules):
    assert normalize("Jln RUSAKKK dkt SD, gk diperbaiki2!!", rules.spellings) == (
        "jalan rusak dekat sd tidak diperbaiki")
    assert normalize("uwuh numpuk ning kali, wis seminggu", rules.spellings) == (
        "sampah numpuk ning kali sudah seminggu")
    assert normalize("hub. [NOMOR_HP] https://x.id") == "hub"


@pytest.mark.parametrize(
    ("text", "agency", "category"),
    [
        ("jln rusak berlubang dkt SD Punten", "PUPR", "jalan"),
        ("dalan rusak wonten Punten", "PUPR", "jalan"),
        ("longsor di Sumberbrantas menutup jalan", "BPBD", "bencana"),
        ("hama wereng menyerang sawah", "PERTANIAN", "pertanian"),
        ("jukir liar minta 10rb di alun-alun", "DISHUB", "parkir_lalu_lintas"),
        ("listrik padam sejak pagi", "PLN", "listrik"),
    ],
)
def test_routes_with_reason(rules, catalog, text, agency, category):
    decision = route_text(rules, catalog, text)
    assert (decision.agency, decision.category) == (agency, category)
    assert decision.confidence >= rules.threshold and decision.words
    assert decision.rule.startswith("rule:") and decision.explanation


def test_external_agency_is_marked(rules, catalog):
    decision = route_text(rules, catalog, "paspor saya belum jadi di kantor imigrasi")
    assert decision.agency == "LUAR_KEWENANGAN" and decision.external and decision.reply["id"]


def test_runner_up_is_explained(rules, catalog):
    decision = route_text(rules, catalog, "sampah menyumbat selokan sampai banjir")
    assert decision.runner_up and decision.runner_up in decision.explanation


def test_unsure_goes_to_triage(rules, catalog):
    decision = route_text(rules, catalog, "pak tolong dicek")
    assert decision.agency is None and "triase" in decision.explanation


def test_no_team_example_of_a_non_report_reaches_an_agency(rules, catalog):
    with OWN.open(encoding="utf-8") as handle:
        noise = [row["text"] for row in csv.DictReader(handle) if row["label"] == "NOT_REPORT"]
    assert len(noise) >= 8
    for text in noise:
        assert route_text(rules, catalog, text).agency is None, text


def test_team_examples_are_mostly_routed_right_and_rarely_wrong(rules, catalog):
    with OWN.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["label"] != "NOT_REPORT"]
    decisions = [(route_text(rules, catalog, r["text"]).agency, r["label"]) for r in rows]
    right = sum(got == label for got, label in decisions)
    wrong = sum(got is not None and got != label for got, label in decisions)
    assert right / len(rows) >= 0.85 and wrong / len(rows) <= 0.05


def test_rules_file_errors_name_path_and_value(catalog):
    document = yaml.safe_load((PROJECT_ROOT / "config" / "routing.yaml").read_text())
    document["rules"][0]["agency"] = "DPKP"
    document["rules"][1]["category"] = "jalanan"
    document["rules"][2]["words"]["Lampu Jalan!"] = 2
    del document["rules"][-1]["reply"]
    with pytest.raises(CatalogError) as caught:
        build_rules(document, catalog)
    assert caught.value.errors == (
        "routing.yaml: rules[0].agency 'DPKP': not an agency code in agencies.yaml",
        "routing.yaml: rules[1].category 'jalanan': not a category in categories.yaml",
        "routing.yaml: rules[2].words 'Lampu Jalan!': write it normalised ('lampu jalan'), "
        "at most 3 words",
        "routing.yaml: rules[25].reply: an external agency's rule needs a reply (id, jv, en)",
    )


def test_shipped_rules_load(catalog):
    assert len(load_rules(PROJECT_ROOT / "config", catalog).rules) >= 20
