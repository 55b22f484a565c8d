"""Words of danger: which raise a report's priority, which a negation cancels, and the checks
of the `urgency` section of routing.yaml."""

import pytest
import yaml

from gateway.settings import PROJECT_ROOT
from routing.catalog import CatalogError
from routing.normalize import normalize
from routing.rules import build_rules, route_text
from routing.urgency import assess


@pytest.mark.parametrize(("text", "priority", "words"), [
    ("Pohon tumbang menutup jalan di Sisir, kabel listrik putus, bahaya!", "urgent",
     ("bahaya", "putus")),
    ("rumah terbakar di Temas, ada korban", "urgent", ("korban", "terbakar")),
    ("anak tersengat listrik dari tiang PJU", "urgent", ("tersengat",)),
    ("banjir bandang di Sumbergondo", "urgent", ("banjir bandang", "banjir")),
    ("banjir setinggi lutut di depan SD", "high", ("banjir",)),
    ("omah kobong, tulung!", "urgent", ("kebakaran",)),  # Javanese, normalised first
])
def test_danger_words_raise_the_priority_and_say_which(rules, text, priority, words):
    alarm = assess(rules.urgency, normalize(text, rules.spellings))
    assert alarm is not None
    assert (alarm.priority, alarm.words) == (priority, words)
    assert alarm.deadlines == rules.urgency.deadlines[priority]


@pytest.mark.parametrize("text", [
    "jalan berlubang tapi tidak bahaya",
    "lampu jalan mati sudah seminggu",
    "sampah ora banjir, mung mambu",  # "ora" normalises to "tidak"
    "bukan darurat, cuma minta trotoar dicat",
    "dalane bolong, mboten bahaya",
    "street light out, no danger",
])
def test_no_alarm_without_danger_or_after_a_negation(rules, text):
    assert assess(rules.urgency, normalize(text, rules.spellings)) is None


def test_a_routed_decision_carries_its_alarm_but_a_non_report_does_not(rules, catalog):
    decision = route_text(rules, catalog, "kebakaran lahan di Oro-oro Ombo")
    assert decision.agency == "DAMKAR" and decision.alarm is not None
    assert decision.as_dict()["alarm"] == {"priority": "urgent", "words": ["kebakaran"],
                                           "acknowledge_hours": 1, "resolve_hours": 24}
    spam = route_text(rules, catalog, "PROMO darurat! diskon pulsa klik sekarang")
    assert spam.not_report and spam.alarm is None


def test_urgency_errors_name_path_and_value(catalog):
    document = yaml.safe_load((PROJECT_ROOT / "config" / "routing.yaml").read_text())
    urgency = document["urgency"]
    urgency["words"]["Bahaya!"] = "urgent"
    urgency["words"]["retak"] = "low"
    urgency["words"]["ambles"] = "critical"
    del urgency["deadlines"]["high"]
    urgency["deadlines"]["normal"] = {"acknowledge_hours": 24, "resolve_hours": 168}
    with pytest.raises(CatalogError) as caught:
        build_rules(document, catalog)
    errors = caught.value.errors
    assert "routing.yaml: urgency.words 'Bahaya!': write it normalised ('bahaya'), at most " \
           "3 words" in errors
    assert "routing.yaml: urgency.words.retak 'low': expected one of high, urgent" in errors
    assert "routing.yaml: urgency.words.ambles 'critical': expected one of high, urgent" \
        in errors
    assert "routing.yaml: urgency.deadlines: no deadlines for 'high' (asked by 'banjir')" \
        in errors
    assert "routing.yaml: urgency.deadlines.normal: expected one of high, urgent" in errors
