"""The routing rules file (`config/routing.yaml`) as data: its schema, and `build_rules`, which
validates it against the catalog (every agency and category named must exist, phrases written
normalised, signals that compile, spellings that are plain words) and reports every problem
with its path. `routing.rules` routes texts with the result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from routing.catalog import Catalog, CatalogError
from routing.catalog_files import format_path
from routing.model import TextModel
from routing.non_reports import KINDS, NONE, REPORT, NonReports, compile_signals
from routing.normalize import normalize
from routing.urgency import NO_URGENCY, PRIORITIES, Deadlines, Urgency

SPEC_VERSION = 1
MAX_PHRASE_WORDS = 3


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
