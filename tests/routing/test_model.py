"""The trained router: its probabilities, computed without scikit-learn from the JSON file,
equal scikit-learn's; rules and model combine as designed; `lapor route train` rebuilds the
shipped file byte for byte; a broken file stops start-up naming it."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from gateway.cli.main import main
from gateway.settings import PROJECT_ROOT
from gateway.store import models
from gateway.store.reference import MODEL_FILE, load_rules
from routing.catalog import CatalogError
from routing.model import char_grams, load_model
from routing.normalize import normalize
from routing.rules import route_text
from routing.training import document_of, estimators, temperature_of

DEV = PROJECT_ROOT.parent / "shared" / "data" / "lapor2017_routing_dev.csv"
needs_dev = pytest.mark.skipif(not DEV.is_file(), reason=f"{DEV} (../shared) is not here")


def dev_rows() -> list[tuple[str, str]]:
    with DEV.open(encoding="utf-8") as handle:
        return [(r["text"], r["label_skpd"]) for r in csv.DictReader(handle)]


@needs_dev
def test_probabilities_from_the_file_equal_scikit_learns(rules):
    rows = dev_rows()
    texts = [normalize(t, rules.spellings) for t, _ in rows]
    vectorizer, fitted = estimators(texts[:350], [label for _, label in rows[:350]])
    model = load_model(document_of(vectorizer, fitted, "test", 0.5, prune=0.0, digits=None))
    expected = fitted.predict_proba(vectorizer.transform(texts[350:]))
    for text, row in zip(texts[350:], expected, strict=True):
        assert model.probabilities(text) == pytest.approx(list(row), abs=1e-9)
    # calibrated: the scores are divided by the temperature before the softmax
    warm = load_model(document_of(vectorizer, fitted, "test", 0.5, temperature=2.5, prune=0.0,
                                  digits=None))
    scores = fitted.decision_function(vectorizer.transform(texts[350:352]))
    for text, row in zip(texts[350:352], scores / 2.5, strict=True):
        exps = np.exp(row - row.max())
        assert warm.probabilities(text) == pytest.approx(list(exps / exps.sum()), abs=1e-9)


def test_character_grams_are_made_as_scikit_learn_makes_them():
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    for text in ("jalan berlubang di punten", "a lu got mampet", "banyu"):
        assert char_grams(text, (3, 5)) == analyzer(text)


@needs_dev
def test_the_temperature_makes_the_probabilities_calibrated(rules):
    rows = dev_rows()
    texts = [normalize(t, rules.spellings) for t, _ in rows]
    labels = [label for _, label in rows]
    temperature = temperature_of(texts, labels)
    assert 0.3 < temperature < 3.0 and temperature != pytest.approx(1.0, abs=0.01)


def test_the_rules_decide_what_they_are_sure_of_and_the_model_the_rest(rules, catalog):
    assert rules.model is not None  # config/routing_model.json ships with the gateway
    sure = route_text(rules, catalog, "jalan berlubang besar di depan SD Punten")
    assert sure.rule.startswith("rule:")
    unsure = route_text(rules, catalog, "sampah menyumbat selokan sampai banjir")
    assert unsure.rule == f"model:{rules.model.version}" and unsure.agency == "PUPR"
    assert "kata yang paling berpengaruh: " in unsure.explanation
    assert set(unsure.words) <= {"selokan", "banjir", "sampah", "menyumbat", "sampai"}
    alone = route_text(replace(rules, model=None), catalog,
                       "sampah menyumbat selokan sampai banjir")
    assert alone.agency is None  # the rules alone leave it to triage
    nothing = route_text(rules, catalog, "tolong dicek ya pak di Punten")
    assert nothing.agency is None and nothing.rule == "no-match"  # no problem named
    shared = route_text(rules, catalog, "Pohon tumbang menutup jalan di Sisir, kabel listrik "
                                        "putus, bahaya!")
    assert shared.notified == "PLN" and shared.rule.startswith("rule:")


def test_below_its_threshold_the_model_abstains(rules, catalog):
    strict = replace(rules, model=replace(rules.model, threshold=0.999))
    decision = route_text(strict, catalog, "sampah menyumbat selokan sampai banjir")
    assert decision.agency is None
    assert f"Model {rules.model.version}: PUPR" in decision.explanation


@needs_dev
def test_train_rebuilds_the_shipped_model_byte_for_byte(settings_env, monkeypatch, tmp_path):
    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / MODEL_FILE
    result = CliRunner().invoke(main, ["route", "train", "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "rules + model, threshold 0.50: correct agency " in result.output
    assert out.read_bytes() == (PROJECT_ROOT / "config" / MODEL_FILE).read_bytes()
    assert out.stat().st_size < 1_000_000
    assert "route" in CliRunner().invoke(main, ["route", "--help"]).output
    routed = CliRunner().invoke(main, ["route", "sampah numpuk di Temas"])
    assert routed.exit_code == 0 and routed.output.startswith("DLH")


def test_a_broken_model_file_stops_start_up_naming_it(catalog, tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "routing.yaml").write_text((PROJECT_ROOT / "config" / "routing.yaml").read_text())
    (config / MODEL_FILE).write_text(json.dumps({"format": 99}))
    with pytest.raises(CatalogError) as caught:
        load_rules(config, catalog)
    assert caught.value.errors == (f"{config / MODEL_FILE}: not a routing model (format 99: "
                                   "expected 2); rebuild it with `lapor route train`",)
    document = json.loads((PROJECT_ROOT / "config" / MODEL_FILE).read_text())
    document["classes"][0] = "DINAS_RAHASIA"
    (config / MODEL_FILE).write_text(json.dumps(document))
    with pytest.raises(CatalogError, match="DINAS_RAHASIA"):
        load_rules(config, catalog)
    assert Path(config / "routing.yaml").is_file()


@needs_dev
def test_a_correction_made_on_the_page_shows_up_in_the_next_eval(
        settings_env, monkeypatch, tmp_path, client, make_operators, database, catalog, rules,
        clock):
    from tests import factories
    from tests.pages import login

    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)

    def evaluate() -> str:
        result = CliRunner().invoke(main, ["route", "eval"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    assert "city examples: 0 (0 corrected by operators, 0 marked not a report" in evaluate()
    factories.text(database, catalog, rules, clock(), "+6281234500077",
                   "tolong dicek ya pak, di Punten", "SM" + "7" * 32)
    with database.readers() as session:
        ticket = session.scalars(select(models.Report.ticket)).one()
    make_operators("pusdalops:command-center")
    login(client, "pusdalops")
    page = client.get(f"/reports/{ticket}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    client.post(f"/reports/{ticket}/reassign", data={"csrf_token": token, "agency": "DLH",
                                                     "note": "sampah"})
    after = evaluate()
    assert ("city examples: 1 (1 corrected by operators, 0 marked not a report, 0 confirmed "
            "by their agency)") in after
    assert "held out:" in after and "non-reports routed to an agency:" in after
    factories.report(database, catalog, clock(), "sms", "+6281234500078",
                     text="besok jadi kumpul di rumah bu RT?")  # filed, as the filter missed it
    with database.readers() as session:
        chat = session.scalars(select(models.Report.ticket).where(
            models.Report.ticket != ticket)).one()
    client.post(f"/reports/{chat}/not_report", data={"csrf_token": token})
    assert ("city examples: 2 (1 corrected by operators, 1 marked not a report, 0 confirmed "
            "by their agency)") in evaluate()
