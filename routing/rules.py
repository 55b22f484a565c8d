"""Routing free text with the city's rules (read and checked by `routing.rules_file`).

`route_text` first tells apart texts that are not reports, then scores the normalised text
against every rule and explains its decision: the winning rule, the words that matched, the
scores, and the runner-up; a shared duty goes to the city's agency that acts first; what the
rules are not sure of goes to the trained model; below the thresholds the decision is triage
(agency None), never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from routing.catalog import Catalog
from routing.decision import Decision
from routing.model import NOT_REPORT
from routing.non_reports import judge
from routing.normalize import normalize
from routing.rules_file import MAX_PHRASE_WORDS, Rule, Rules, build_rules
from routing.urgency import assess

__all__ = ["Rule", "Rules", "build_rules", "route_text"]

NON_REPORT_WORDS = {"operator_notice": "pemberitahuan operator", "bank_alert": "pemberitahuan bank",
                    "one_time_code": "kode sekali pakai", "promotion": "promosi",
                    "scam": "penipuan atau tawaran", "greeting": "sapaan",
                    "personal": "pesan pribadi"}


def _phrases(normalized: str) -> set[str]:
    words = normalized.split()
    return {" ".join(words[i:i + n]) for n in range(1, MAX_PHRASE_WORDS + 1)
            for i in range(len(words) - n + 1)}


def _score(words: Mapping[str, float], phrases: set[str]) -> tuple[float, list[str]]:
    found = sorted((p for p in words if p in phrases), key=lambda p: -words[p])
    return sum(words[p] for p in found), found


def route_text(rules: Rules, catalog: Catalog, text: str) -> Decision:
    """The agency for a free-text report, with its explanation (None means triage), and the
    alarm its words of danger raise."""
    normalized = normalize(text, rules.spellings)
    decision = _decide(rules, catalog, normalized, text)
    if decision.not_report:
        return decision
    decision = _with_model(rules, catalog, decision, normalized)
    return replace(decision, alarm=assess(rules.urgency, normalized))


def _with_model(rules: Rules, catalog: Catalog, decision: Decision, normalized: str) -> Decision:
    """The rules decide what they are sure of; the model the rest, abstaining below its
    threshold (then the rules' decision stands, often triage). A text that names no problem
    at all goes to no agency by the model; it may only be judged not a report, on words of its
    own (not the prior of a bare place name) and above the model's surer `noise_threshold`."""
    model = rules.model
    if model is None or decision.notified or (
            decision.agency is not None and decision.confidence >= rules.rules_sure):
        return decision  # sure, or shared: the model is not asked
    guess = model.predict(normalized)
    sure = guess.probability >= model.threshold
    if guess.agency == NOT_REPORT and decision.rule == "no-match" and guess.words \
            and guess.probability >= model.noise_threshold:
        return Decision(None, 0.0, False, f"model:{model.version}",
                        f"Bukan laporan menurut model {model.version} "
                        f"({guess.probability:.2f}), kata yang paling berpengaruh: "
                        f"{', '.join(guess.words) or '-'}.", words=guess.words, not_report=True)
    agency = catalog.agencies.get(guess.agency)
    if agency is None or not sure or decision.rule == "no-match":
        return replace(decision, explanation=f"{decision.explanation} Model {model.version}: "
                       f"{guess.agency} {guess.probability:.2f}"
                       + (f" < {model.threshold:.2f}." if not sure else "."))
    rule = next((r for r in rules.rules if r.agency == agency.code), None)
    return Decision(
        agency.code, round(guess.probability, 3), agency.external, f"model:{model.version}",
        f"Model {model.version} ({guess.probability:.2f}): {agency.short_name}, kata yang paling "
        f"berpengaruh: {', '.join(guess.words) or '-'}. Aturan: {decision.explanation}",
        category=rule.category if rule else None, words=guess.words, scores=decision.scores,
        runner_up=next((a for a in decision.scores if a != agency.code), None),
        reply=rule.reply if rule else {})


def _decide(rules: Rules, catalog: Catalog, normalized: str, raw: str) -> Decision:
    phrases = _phrases(normalized)
    not_report, noise = _score(rules.not_report, phrases)
    scored = []
    for rule in rules.rules:
        score, found = _score(rule.words, phrases)
        if score > 0:
            scored.append((score, -rule.precedence, rule, found))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    verdict = judge(rules.non_reports, raw, scored[0][0] if scored else 0.0)
    if verdict is not None:
        return Decision(None, 0.0, False, f"non-report:{verdict.kind}",
                        f"Bukan laporan ({NON_REPORT_WORDS[verdict.kind]}): "
                        f"{', '.join(verdict.names)} ({verdict.weight:g}).",
                        words=verdict.names, not_report=True, non_report_kind=verdict.kind)
    best_by_agency: dict[str, float] = {}
    for score, _, rule, _ in scored:
        best_by_agency[rule.agency] = max(best_by_agency.get(rule.agency, 0.0), score)
    scores = dict(sorted(best_by_agency.items(), key=lambda kv: -kv[1])[:3])
    if not scored:
        if not_report:
            return Decision(None, 0.0, False, "not-report", "Bukan laporan: "
                            + ", ".join(noise) + ".", words=tuple(noise), not_report=True)
        return Decision(None, 0.0, False, "no-match",
                        "Tidak ada kata yang dikenali: ke triase.")
    shared = _shared_duty(rules.shared_duties, scored)
    best_score, _, best, found = (shared or scored)[0]
    # In a shared duty, confidence is against the other city agencies, not the partner.
    candidates = shared[1:-1] if shared is not None else scored[1:]
    runner = next((item for item in candidates if item[2].agency != best.agency), None)
    runner_score = runner[0] if runner else 0.0
    confidence = round(best_score / (best_score + runner_score + 1.0), 3)
    agency = catalog.agencies[best.agency]
    runner_text = (f"; berikutnya {runner[2].agency} ({runner_score:g})" if runner else "")
    words = ", ".join(found)
    if not_report >= best_score:
        return Decision(None, 0.0, False, "not-report",
                        f"Bukan laporan: {', '.join(noise)} ({not_report:g}) "
                        f"mengalahkan {best.agency} ({best_score:g}).",
                        words=tuple(noise), scores=scores, not_report=True)
    if confidence < rules.threshold:
        return Decision(None, confidence, False, f"rule:{best.id}",
                        f"Kurang yakin ({confidence:.2f} < {rules.threshold:.2f}): "
                        f"{best.agency} ({best_score:g}: {words}){runner_text}. Ke triase.",
                        words=tuple(found), scores=scores,
                        runner_up=runner[2].agency if runner else None)
    if shared is not None:
        partner_score, _, partner, partner_words = shared[-1]
        return Decision(
            agency.code, confidence, False, f"rule:{best.id}+{partner.id}",
            f"{agency.short_name} ({best_score:g}: {words}) bertindak lebih dulu; "
            f"{catalog.agencies[partner.agency].short_name} ({partner_score:g}: "
            f"{', '.join(partner_words)}) diberi tahu.",
            category=best.category, words=(*found, *partner_words), scores=scores,
            runner_up=partner.agency, reply=partner.reply, notified=partner.agency,
        )
    return Decision(
        agency.code, confidence, agency.external, f"rule:{best.id}",
        f"{agency.short_name} ({best_score:g}): {words}{runner_text}.",
        category=best.category, words=tuple(found), scores=scores,
        runner_up=runner[2].agency if runner else None, reply=best.reply,
    )


Scored = tuple[float, int, Rule, list[str]]
# A city agency's part of a shared duty: at least this score, and this share of the partner's.
SHARED_MIN_SCORE, SHARED_SHARE = 4.0, 0.5


def _shared_duty(duties: Mapping[str, tuple[str, ...]], scored: list[Scored]
                 ) -> list[Scored] | None:
    """When a city agency and a partner outside the city both apply (a fallen tree on a power
    line: BPBD and PLN; `shared_duties` in routing.yaml), the city's agency acts first and the
    partner is told: the city's rule first, the other rules, the partner last. None when it is
    not such a case."""
    partner = next((s for s in scored[:2] if s[2].agency in duties), None)
    if partner is None:
        return None
    city = next((s for s in scored if s[2].agency in duties[partner[2].agency]), None)
    if city is None or city[0] < SHARED_MIN_SCORE:
        return None
    if city[0] < SHARED_SHARE * partner[0] or partner[0] < SHARED_SHARE * city[0]:
        return None  # one of them is only a passing mention
    others = [s for s in scored if s is not city and s is not partner
              and s[2].agency not in (city[2].agency, partner[2].agency)]
    return [city, *others, partner]
