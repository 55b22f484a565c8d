"""Routing evaluation: accuracy per agency, macro-F1, wrong-agency and triage rates.

    .venv/bin/python -m bench.routing_eval [--dev PATH] [--own PATH] [--non-reports PATH]

Data sets:
  dev   ../shared/data/lapor2017_routing_dev.csv: real complaints (LAPOR! 2017, other regions)
        labelled with the agency they were routed to
  own   tests/data/batu_routing_examples.csv: the team's own Kota Batu examples, including texts
        that are not reports (label NOT_REPORT), which must never reach an agency
  non-reports ../shared/data/sms_nonreport_dev.csv: real SMS that are not reports (operator
        notices, bank alerts, promotions, scams, personal messages); none may reach an agency
        (target: at most 2 % routed anywhere)

A report routed to triage is not wrong, only not automated: the wrong-agency rate counts the
reports sent to an agency that is not the label. Prints one table per data set for the rules
alone; then rules + model by 5-fold stratified cross-validation (mean ± spread) over the
reports and the non-reports together, since the model is trained on all three sets (the
non-reports as its NOT_REPORT class); then which kinds of non-report the rules' filter keeps;
and the time to route one text.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import yaml

from gateway.settings import PROJECT_ROOT
from gateway.store.reference import load_catalog, load_rules
from routing.model import NOT_REPORT
from routing.normalize import normalize
from routing.rules import build_rules, route_text
from routing.training import NOT_SCORED, cross_validate

DEV = PROJECT_ROOT.parent / "shared" / "data" / "lapor2017_routing_dev.csv"
OWN = PROJECT_ROOT / "tests" / "data" / "batu_routing_examples.csv"
NON_REPORTS = PROJECT_ROOT.parent / "shared" / "data" / "sms_nonreport_dev.csv"


def evaluate(name: str, rows: list[tuple[str, str]]) -> dict[str, float]:
    catalog = load_catalog(PROJECT_ROOT / "config")
    rules = build_rules(yaml.safe_load((PROJECT_ROOT / "config" / "routing.yaml").read_text()),
                        catalog)
    truth: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    wrong = triage = noise_to_agency = noise = 0
    for text, label in rows:
        decision = route_text(rules, catalog, text)
        got = decision.agency
        if label == "NOT_REPORT":
            noise += 1
            noise_to_agency += got is not None
            continue
        truth[label] += 1
        if got is None:
            triage += 1
            continue
        predicted[got] += 1
        if got == label:
            correct[label] += 1
        else:
            wrong += 1
    reports = sum(truth.values())
    f1s = []
    print(f"\n{name}: {reports} reports" + (f", {noise} non-reports" if noise else ""))
    print(f"{'agency':<16} {'n':>4} {'recall':>7} {'precision':>9} {'F1':>6}")
    for agency in sorted(truth, key=lambda a: -truth[a]):
        recall = correct[agency] / truth[agency]
        precision = correct[agency] / predicted[agency] if predicted[agency] else 0.0
        f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
        f1s.append(f1)
        print(f"{agency:<16} {truth[agency]:>4} {recall:>7.2f} {precision:>9.2f} {f1:>6.2f}")
    figures = {
        "accuracy": sum(correct.values()) / reports,
        "macro_f1": sum(f1s) / len(f1s),
        "wrong_agency_rate": wrong / reports,
        "triage_rate": triage / reports,
    }
    print("  ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    if noise:
        print(f"non-reports sent to an agency: {noise_to_agency} of {noise} (must be 0)")
    return figures


def evaluate_combined(rows: list[tuple[str, str]]) -> None:
    """Rules + model by 5-fold stratified cross-validation on the dev and own reports and the
    texts that are not reports."""
    catalog = load_catalog(PROJECT_ROOT / "config")
    rules = load_rules(PROJECT_ROOT / "config", catalog)
    rows = [(t, a) for t, a in rows if a in catalog.agencies or a == NOT_REPORT]
    texts = [t for t, _ in rows]
    figures = cross_validate(texts, [normalize(t, rules.spellings) for t in texts],
                             [a for _, a in rows],
                             lambda text, model: route_text(replace(rules, model=model),
                                                            catalog, text))
    shipped = rules.model.threshold if rules.model else 0.5
    noise = sum(a == NOT_REPORT for _, a in rows)
    print(f"\nrules + model, 5-fold stratified cross-validation on {len(rows) - noise} dev and "
          f"own reports (labels other than {', '.join(NOT_SCORED)}) and {noise} non-reports "
          f"(targets: correct >= 0.75, wrong <= 0.10, non-reports routed <= 0.02):")
    for threshold, figure in figures.items():
        mark = "  <- the shipped model's threshold" if threshold == shipped else ""
        print(f"  threshold {threshold:.2f}: {figure.line()}{mark}")


def evaluate_non_reports(path: Path) -> float:
    """How many texts that are not reports the rules alone (their non-report filter, never
    trained on these texts) would let reach an agency or be filed for triage, by kind."""
    catalog = load_catalog(PROJECT_ROOT / "config")
    rules = load_rules(PROJECT_ROOT / "config", catalog, with_model=False)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    routed: Counter[str] = Counter()
    filed: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for row in rows:
        decision = route_text(rules, catalog, row["text"])
        origin = row.get("origin_label", "")
        routed[origin] += decision.agency is not None
        filed[origin] += not decision.not_report
        kinds[decision.non_report_kind or ("words" if decision.not_report else "-")] += 1
    total = len(rows)
    print(f"\nnon-reports ({path.name}), rules alone: {total} texts")
    for origin in sorted(routed):
        count = sum(1 for r in rows if r.get("origin_label", "") == origin)
        print(f"  {origin:<18} {count:>4}: routed to an agency {routed[origin]:>3}, "
              f"filed for triage {filed[origin] - routed[origin]:>3}")
    print("  kept as messages, by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()
                                                     if k != "-"))
    rate = sum(routed.values()) / total
    print(f"non-reports routed to an agency: {sum(routed.values())} of {total} = {rate:.3f} "
          f"(target <= 0.02); filed at all (agency or triage): "
          f"{sum(filed.values()) / total:.3f}")
    return rate


def read(path: Path, label: str) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [(row["text"], row[label]) for row in csv.DictReader(handle)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--own", type=Path, default=OWN)
    parser.add_argument("--non-reports", type=Path, default=NON_REPORTS)
    args = parser.parse_args()
    if args.dev.is_file():
        evaluate(f"dev set ({args.dev.name})", read(args.dev, "label_skpd"))
    else:
        print(f"dev set {args.dev} not found: skipped")
    evaluate(f"own set ({args.own.name})", read(args.own, "label"))
    if args.dev.is_file():
        noise = ([(t, NOT_REPORT) for t, _ in read(args.non_reports, "text")]
                 if args.non_reports.is_file() else [])
        evaluate_combined([*read(args.dev, "label_skpd"), *read(args.own, "label"), *noise])
    if args.non_reports.is_file():
        evaluate_non_reports(args.non_reports)
    else:
        print(f"non-reports {args.non_reports} not found: skipped")
    catalog = load_catalog(PROJECT_ROOT / "config")
    rules = load_rules(PROJECT_ROOT / "config", catalog)
    texts = [t for t, _ in read(args.own, "label")] * 20
    started = time.perf_counter()
    for text in texts:
        route_text(rules, catalog, text)
    print(f"\nrouting one text (rules + model): "
          f"{(time.perf_counter() - started) / len(texts) * 1000:.2f} ms (target < 5 ms)")


if __name__ == "__main__":
    main()
