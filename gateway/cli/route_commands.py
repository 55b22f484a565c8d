"""`lapor route`: where a text would be routed and why; `lapor route train` rebuilds the trained
router's model from the dev reports, the city's examples and its operators' corrections, and
`lapor route eval` measures the current routing on the held-out part of them."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from gateway.cli.common import fail, open_database, reasons
from gateway.settings import PROJECT_ROOT, load_settings
from gateway.store.reference import MODEL_FILE, load_catalog, load_rules
from gateway.store.route_examples import city_examples, held_out
from routing.catalog import CatalogError
from routing.model import NOT_REPORT, load_model
from routing.normalize import normalize
from routing.rules import route_text

DEV = PROJECT_ROOT.parent / "shared" / "data" / "lapor2017_routing_dev.csv"
OWN = PROJECT_ROOT / "tests" / "data" / "batu_routing_examples.csv"
NON_REPORTS = PROJECT_ROOT.parent / "shared" / "data" / "sms_nonreport_dev.csv"


class RouteGroup(click.Group):
    """`lapor route TEXT` routes a text; `lapor route train` is a command of its own."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["text", *args]
        return super().parse_args(ctx, args)


@click.group("route", cls=RouteGroup, help="Where a text would be routed, and why "
             "(`lapor route TEXT`); `lapor route train` rebuilds the trained router.")
def route() -> None:
    """The `lapor route` group."""


@route.command("text", help="Show where a text would be routed and why. Without TEXT, read one "
               "text per line from standard input and print one JSON object per line.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.argument("text", required=False)
@reasons
def route_one(as_json: bool, text: str | None) -> None:
    """Show where a text would be routed: agency, category, place and why."""
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    rules = load_rules(settings.CONFIG_DIR, catalog)
    texts = [text] if text is not None else (line.rstrip("\n") for line in sys.stdin)
    for item in texts:
        decision = route_text(rules, catalog, item)
        if as_json or text is None:
            click.echo(json.dumps(decision.as_dict(), ensure_ascii=False))
            continue
        agency = decision.agency or ("bukan laporan" if decision.not_report
                                     else "triase (pusat kendali)")
        extra = " (di luar kewenangan Pemkot)" if decision.external else ""
        click.echo(f"{agency}{extra}, keyakinan {decision.confidence:.2f}: "
                   f"{decision.explanation}")
        if decision.alarm is not None:
            click.echo(f"prioritas naik ke {decision.alarm.priority}, kata bahaya: "
                       f"{', '.join(decision.alarm.words)}")


Row = tuple[str, str, str]  # key, text, agency (or NOT_REPORT)


def examples(dev: Path, own: Path, non_reports: Path) -> list[Row]:
    """(key, text, label) of the dev reports, the city's written examples and the SMS that
    are not reports (label NOT_REPORT); the key decides the held-out part."""
    rows: list[Row] = []
    for path, label in ((dev, "label_skpd"), (own, "label"), (non_reports, None)):
        if path.is_file() or path is not non_reports:
            rows += [(r["text"], r["text"], r[label] if label else NOT_REPORT)
                     for r in _rows(path)]
    return rows


def _city(settings: Any) -> list[Row]:
    """The labels the command center gave: corrections and confirmed agencies (none when the
    database cannot be read, which is said)."""
    try:
        with open_database(settings) as database, database.reading() as connection:
            found = city_examples(connection)
    except Exception as exc:  # a bare machine: train on the files alone
        click.echo(f"no city examples: the database cannot be read ({type(exc).__name__})")
        return []
    corrected = sum(e.source == "corrected" for e in found)
    noise = sum(e.agency == NOT_REPORT for e in found)
    click.echo(f"city examples: {len(found)} ({corrected} corrected by operators, {noise} "
               f"marked not a report, {len(found) - corrected - noise} confirmed by their "
               f"agency), "
               f"{sum(e.held_out for e in found)} held out")
    return [(e.key, e.text, e.agency) for e in found]


def example_files(command: Callable[..., None]) -> Callable[..., None]:
    """The --dev, --own and --non-reports options of `train` and `eval`: the files of
    labelled examples."""
    command = click.option("--non-reports", type=click.Path(path_type=Path),
                           default=NON_REPORTS, show_default=True)(command)
    command = click.option("--own", type=click.Path(path_type=Path), default=OWN,
                           show_default=True)(command)
    return click.option("--dev", type=click.Path(path_type=Path), default=DEV,
                        show_default=True)(command)


def _loaded(dev: Path, own: Path, non_reports: Path, training: bool = False
            ) -> tuple[Any, Any, Any, list[Row]]:
    """Settings, catalogue, rules and the labelled examples. For training, a current model
    file that cannot be read (an older format) is said and left to be replaced."""
    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    try:
        rules = load_rules(settings.CONFIG_DIR, catalog)
    except CatalogError as exc:
        if not training:
            raise
        rules = load_rules(settings.CONFIG_DIR, catalog, with_model=False)
        click.echo(f"the current model is not used: {'; '.join(exc.errors)}")
    if not dev.is_file():
        fail(f"{dev}: missing file (the dev reports, ../shared/data)")
    rows = [r for r in [*examples(dev, own, non_reports), *_city(settings)]
            if r[2] in catalog.agencies or r[2] == NOT_REPORT]
    return settings, catalog, rules, rows


@route.command("train", help="Rebuild config/routing_model.json from the dev reports, the "
               "city's examples and its operators' corrections; prints cross-validated figures, "
               "and switches only when the new model beats the current one on the held-out part.")
@example_files
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where to write the model (default: CONFIG_DIR/routing_model.json).")
@click.option("--force", is_flag=True, help="Write the new model even if it does not win.")
@reasons
def route_train(dev: Path, own: Path, non_reports: Path, out: Path | None, force: bool) -> None:
    """Train the model, choose its threshold by cross-validation, and write it if it wins."""
    from routing.training import choose_threshold, cross_validate, fit, score

    settings, catalog, rules, rows = _loaded(dev, own, non_reports, training=True)
    train = [r for r in rows if not held_out(r[0])]
    test = [r for r in rows if held_out(r[0])]
    texts = [t for _, t, _ in train]
    normalized = [normalize(t, rules.spellings) for t in texts]
    labels = [a for _, _, a in train]

    def routed(text: str, model: Any) -> Any:
        return route_text(replace(rules, model=model), catalog, text)

    click.echo(f"rules alone: {score([routed(t, None) for t in texts], labels).line()}")
    figures = cross_validate(texts, normalized, labels, routed)
    for threshold, figure in figures.items():
        click.echo(f"rules + model, threshold {threshold:.2f}: {figure.line()}")
    threshold = choose_threshold(figures)
    document = fit(normalized, labels, threshold=threshold)
    new = load_model(document)
    held = [a for _, _, a in test]
    new_score = score([routed(t, new) for _, t, _ in test], held)
    click.echo(f"held out ({len(test)} texts), new model {new.version}: {new_score.line()}")
    if rules.model is not None and not force:
        old_score = score([routed(t, rules.model) for _, t, _ in test], held)
        click.echo(f"held out, current model {rules.model.version}: {old_score.line()}")
        if _merit(new_score) < _merit(old_score):
            click.echo(f"kept the current model {rules.model.version}: the new one does not "
                       "beat it on the held-out part (--force writes it anyway)")
            return
    target = out or settings.CONFIG_DIR / MODEL_FILE
    target.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True,
                                 separators=(",", ":")) + "\n", encoding="utf-8")
    click.echo(f"model {new.version} ({len(train)} reports, {len(document['classes'])} "
               f"agencies, {len(document['words'])} word and "
               f"{len(document['chars'])} character features, temperature "
               f"{document['temperature']}, threshold {threshold:.2f}) written to {target}")


def _merit(score: Any) -> float:
    """What a model is judged by on the held-out part: reports routed right, less those
    routed wrong or lost as non-reports, less non-reports routed to an agency."""
    return float(score.correct - score.wrong - score.lost - score.noise_routed)


@route.command("eval", help="Measure the current rules and model on the held-out part of the "
               "examples (dev, the city's, its operators' corrections, the non-reports): "
               "per-agency precision and recall, wrong-agency, triage and non-report rates.")
@example_files
@reasons
def route_eval(dev: Path, own: Path, non_reports: Path) -> None:
    """Print the held-out figures of the current routing."""
    from routing.training import NOT_SCORED, score

    _settings, catalog, rules, rows = _loaded(dev, own, non_reports)
    test = [r for r in rows if held_out(r[0])]
    decisions = [route_text(rules, catalog, t) for _, t, _ in test]
    labels = [a for _, _, a in test]
    version = rules.model.version if rules.model else "none"
    noise = labels.count(NOT_REPORT)
    click.echo(f"held out: {len(test) - noise} reports and {noise} non-reports; "
               f"model {version}")
    click.echo(f"{'agency':<16} {'n':>4} {'precision':>9} {'recall':>7}")
    for agency in sorted(set(labels) - {NOT_REPORT}, key=lambda a: (-labels.count(a), a)):
        truth = labels.count(agency)
        predicted = sum(d.agency == agency for d in decisions)
        right = sum(d.agency == agency == label for d, label in zip(decisions, labels,
                                                                    strict=True))
        click.echo(f"{agency:<16} {truth:>4} {right / predicted if predicted else 0:>9.2f} "
                   f"{right / truth:>7.2f}")
    figures = score(decisions, labels)
    click.echo(f"reports (labels other than {', '.join(NOT_SCORED)}): correct agency "
               f"{figures.correct:.3f}, wrong agency {figures.wrong:.3f}, triage "
               f"{figures.triage:.3f}, kept as non-reports {figures.lost:.3f}")
    click.echo(f"non-reports routed to an agency: {figures.noise_routed:.3f}, filed for "
               f"triage or an agency: {figures.noise_filed:.3f}")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
