"""Routing rules as data (`config/routing.yaml`) and routing free text with them.

`build_rules(document, catalog)` validates the parsed file against the catalog (every agency
and category named must exist) and reports every problem with its path. `route_text` scores the
normalised text against every rule and explains its decision: the winning rule, the words that
matched, the scores, and the runner-up; below the confidence threshold, or for texts that are
not reports, the decision is triage (agency None), never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from routing.catalog import Catalog, CatalogError
from routing.catalog_files import format_path
from routing.decision import Decision
from routing.model import TextModel
from routing.non_reports import KINDS, NONE, REPORT, NonReports, compile_signals, judge
from routing.normalize import normalize
from routing.urgency import NO_URGENCY, PRIORITIES, Deadlines, Urgency, assess

SPEC_VERSION = 1
MAX_PHRASE_WORDS = 3
NON_REPORT_WORDS = {"operator_notice": "pemberitahuan operator", "bank_alert": "pemberitahuan bank",
                    "one_time_code": "kode sekali pakai", "promotion": "promosi",
                    "scam": "penipuan atau tawaran", "greeting": "sapaan",
                    "personal": "pesan pribadi"}


class _RuleDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]{1,47}$")
    agency: str
    category: str | None = None
    precedence: int = Field(default=50, ge=0, le=1000)
    words: dict[str, float] = Field(min_length=1)
    reply: dict[str, str] = {}


class _NotReportDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    words: dict[str, float] = Field(min_length=1)


class _NonReportsDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: float = Field(gt=0)
    report_margin: float = Field(ge=0)
    kinds: dict[str, dict[str, tuple[str, float]]]


class _SharedDutyDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    partner: str
    acts_first: list[str] = Field(min_length=1)


class _DeadlinesDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    acknowledge_hours: int = Field(ge=1, le=24 * 30)
    resolve_hours: int = Field(ge=1, le=24 * 365)


class _UrgencyDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    words: dict[str, str] = Field(min_length=1)
    negations: list[str] = []
    deadlines: dict[str, _DeadlinesDoc]


class _RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    spec_version: int
    threshold: float = Field(ge=0.0, le=1.0)
    duplicate_window_hours: int = Field(default=48, ge=0, le=24 * 30)
    rules: list[_RuleDoc] = Field(min_length=1)
    not_report: _NotReportDoc
    urgency: _UrgencyDoc | None = None
    non_reports: _NonReportsDoc | None = None
    shared_duties: list[_SharedDutyDoc] = []
    spellings: dict[str, dict[str, str]] = {}
    rules_sure: float = Field(default=0.7, ge=0.0, le=1.0)


@dataclass(frozen=True, slots=True)
class Rule:
    """One routing rule: the words that point to a category."""

    id: str
    agency: str
    category: str | None
    precedence: int
    words: Mapping[str, float]
    reply: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Rules:
    """The routing rules of the city, with the thresholds that turn scores into decisions."""

    threshold: float
    rules: tuple[Rule, ...]
    not_report: Mapping[str, float]
    duplicate_window_hours: int = 48
    urgency: Urgency = field(default=NO_URGENCY)
    non_reports: NonReports = field(default=NONE)
    # partner outside the city -> the city agencies that act first when both apply
    shared_duties: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    spellings: Mapping[str, str] = field(default_factory=dict)  # word -> standard word
    # The trained router (config/routing_model.json), asked when the rules are not this sure.
    model: TextModel | None = None
    rules_sure: float = 0.7


def build_rules(document: Any, catalog: Catalog, file: str = "routing.yaml") -> Rules:
    """Validate the parsed rules file; raise `CatalogError` with every problem found."""
    if not isinstance(document, dict) or document.get("spec_version") != SPEC_VERSION:
        version = document.get("spec_version") if isinstance(document, dict) else None
        raise CatalogError([f"{file}: spec_version {version!r}: expected {SPEC_VERSION}"])
    try:
        doc = _RulesFile.model_validate(document)
    except ValidationError as exc:
        raise CatalogError(
            f"{file}: {format_path(tuple(e['loc']))} {e.get('input')!r}: {e['msg']}"
            for e in exc.errors()
        ) from None
    errors: list[str] = []
    spellings = _spellings(doc.spellings, f"{file}: spellings", errors)
    seen: set[str] = set()
    for index, rule in enumerate(doc.rules):
        path = f"{file}: rules[{index}]"
        if rule.id in seen:
            errors.append(f"{path}.id {rule.id!r}: duplicate id")
        seen.add(rule.id)
        if rule.agency not in catalog.agencies:
            errors.append(f"{path}.agency {rule.agency!r}: not an agency code in agencies.yaml")
        if rule.category is not None and rule.category not in catalog.categories:
            errors.append(f"{path}.category {rule.category!r}: not a category in "
                          "categories.yaml")
        for phrase, weight in rule.words.items():
            if normalize(phrase, spellings) != phrase or len(phrase.split()) > MAX_PHRASE_WORDS:
                errors.append(f"{path}.words {phrase!r}: write it normalised "
                              f"({normalize(phrase, spellings)!r}), at most {MAX_PHRASE_WORDS} "
                              "words")
            if weight <= 0:
                errors.append(f"{path}.words.{phrase} {weight!r}: weights are positive")
        external = catalog.agencies.get(rule.agency)
        if external is not None and external.external and not rule.reply.get("id"):
            errors.append(f"{path}.reply: an external agency's rule needs a reply (id, jv, en)")
    if doc.urgency is not None:
        errors += _urgency_errors(doc.urgency, f"{file}: urgency")
    if doc.non_reports is not None:
        errors += _non_report_errors(doc.non_reports, f"{file}: non_reports")
    for index, duty in enumerate(doc.shared_duties):
        path = f"{file}: shared_duties[{index}]"
        partner = catalog.agencies.get(duty.partner)
        if partner is None or not partner.external:
            errors.append(f"{path}.partner {duty.partner!r}: not an external agency in "
                          "agencies.yaml")
        for code in duty.acts_first:
            if code not in catalog.agencies or catalog.agencies[code].external:
                errors.append(f"{path}.acts_first {code!r}: not a city agency in agencies.yaml")
    if errors:
        raise CatalogError(errors)
    return Rules(
        threshold=doc.threshold,
        rules=tuple(Rule(r.id, r.agency, r.category, r.precedence, dict(r.words),
                         dict(r.reply)) for r in doc.rules),
        not_report=dict(doc.not_report.words),
        duplicate_window_hours=doc.duplicate_window_hours,
        urgency=_urgency(doc.urgency),
        non_reports=NonReports(compile_signals(doc.non_reports.kinds), doc.non_reports.threshold,
                               doc.non_reports.report_margin) if doc.non_reports else NONE,
        shared_duties={d.partner: tuple(d.acts_first) for d in doc.shared_duties},
        spellings=spellings,
        rules_sure=doc.rules_sure,
    )


def _spellings(groups: Mapping[str, Mapping[str, str]], path: str,
               errors: list[str]) -> dict[str, str]:
    """One mapping from the file's groups (sms, javanese, english); a word is one plain
    lower-case word, mapped once."""
    merged: dict[str, str] = {}
    for group, words in groups.items():
        for word, standard in words.items():
            if not re.fullmatch(r"[a-z]+", word):
                errors.append(f"{path}.{group}.{word} {standard!r}: the word must be lower-case "
                              "letters only")
            elif word in merged and merged[word] != standard:
                errors.append(f"{path}.{group}.{word} {standard!r}: already maps to "
                              f"{merged[word]!r}")
            merged[word] = standard
    return merged


def _non_report_errors(doc: _NonReportsDoc, path: str) -> list[str]:
    errors = []
    for kind, signals in doc.kinds.items():
        if kind not in (*KINDS, REPORT):
            errors.append(f"{path}.kinds.{kind}: not one of {', '.join((*KINDS, REPORT))}")
        for name, (pattern, _weight) in signals.items():
            try:
                re.compile(pattern)
            except re.error as exc:
                errors.append(f"{path}.kinds.{kind}.{name} {pattern!r}: not a regular "
                              f"expression ({exc})")
    return errors


def _urgency_errors(doc: _UrgencyDoc, path: str) -> list[str]:
    errors = []
    raised = PRIORITIES[PRIORITIES.index("normal") + 1:]
    for phrase, priority in doc.words.items():
        if normalize(phrase) != phrase or len(phrase.split()) > MAX_PHRASE_WORDS:
            errors.append(f"{path}.words {phrase!r}: write it normalised "
                          f"({normalize(phrase)!r}), at most {MAX_PHRASE_WORDS} words")
        if priority not in raised:
            errors.append(f"{path}.words.{phrase} {priority!r}: expected one of "
                          f"{', '.join(raised)}")
        elif priority not in doc.deadlines:
            errors.append(f"{path}.deadlines: no deadlines for {priority!r} "
                          f"(asked by {phrase!r})")
    for priority in doc.deadlines:
        if priority not in raised:
            errors.append(f"{path}.deadlines.{priority}: expected one of {', '.join(raised)}")
    return errors


def _urgency(doc: _UrgencyDoc | None) -> Urgency:
    if doc is None:
        return NO_URGENCY
    return Urgency(dict(doc.words), frozenset(doc.negations),
                   {p: Deadlines(d.acknowledge_hours, d.resolve_hours)
                    for p, d in doc.deadlines.items()})


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
    threshold (then the rules' decision stands, often triage)."""
    model = rules.model
    if model is None or decision.notified or decision.rule == "no-match" or (
            decision.agency is not None and decision.confidence >= rules.rules_sure):
        return decision  # sure, shared, or no problem named at all: the model is not asked
    guess = model.predict(normalized)
    agency = catalog.agencies.get(guess.agency)
    if agency is None or guess.probability < model.threshold:
        return replace(decision, explanation=f"{decision.explanation} Model {model.version}: "
                       f"{guess.agency} {guess.probability:.2f} < {model.threshold:.2f}.")
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
