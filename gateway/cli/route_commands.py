"""`lapor route`: where a text would be routed and why; `lapor route train` rebuilds the trained
router's model from the dev reports and the city's examples, measured by cross-validation."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from gateway.cli.common import fail, reasons
from gateway.settings import PROJECT_ROOT, load_settings
from gateway.store.reference import MODEL_FILE, load_catalog, load_rules
from routing.normalize import normalize
from routing.rules import route_text

DEV = PROJECT_ROOT.parent / "shared" / "data" / "lapor2017_routing_dev.csv"
OWN = PROJECT_ROOT / "tests" / "data" / "batu_routing_examples.csv"


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


def examples(dev: Path, own: Path) -> list[tuple[str, str]]:
    """(text, agency) of the dev reports and the city's own examples (not the non-reports)."""
    rows: list[tuple[str, str]] = []
    for path, label in ((dev, "label_skpd"), (own, "label")):
        with path.open(encoding="utf-8") as handle:
            rows += [(r["text"], r[label]) for r in csv.DictReader(handle)
                     if r[label] != "NOT_REPORT"]
    return rows


@route.command("train", help="Rebuild config/routing_model.json from the dev reports and the "
               "city's examples; prints the cross-validated figures and the threshold chosen.")
@click.option("--dev", type=click.Path(path_type=Path), default=DEV, show_default=True)
@click.option("--own", type=click.Path(path_type=Path), default=OWN, show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where to write the model (default: CONFIG_DIR/routing_model.json).")
@reasons
def route_train(dev: Path, own: Path, out: Path | None) -> None:
    """Train the model, choose its threshold by cross-validation, and write it."""
    from routing.training import choose_threshold, cross_validate, fit

    settings = load_settings()
    catalog = load_catalog(settings.CONFIG_DIR)
    rules = load_rules(settings.CONFIG_DIR, catalog)
    if not dev.is_file():
        fail(f"{dev}: missing file (the dev reports, ../shared/data)")
    rows = [(t, a) for t, a in examples(dev, own) if a in catalog.agencies]
    texts = [t for t, _ in rows]
    normalized = [normalize(t, rules.spellings) for t in texts]
    labels = [a for _, a in rows]

    def routed(text: str, model: Any) -> Any:
        return route_text(replace(rules, model=model), catalog, text)

    figures = cross_validate(texts, normalized, labels, routed)
    click.echo(f"rules alone: {_rules_line(replace(rules, model=None), catalog, texts, labels)}")
    for threshold, figure in figures.items():
        click.echo(f"rules + model, threshold {threshold:.2f}: {figure.line()}")
    threshold = choose_threshold(figures)
    document = fit(normalized, labels, threshold=threshold)
    version = document["version"]
    target = out or settings.CONFIG_DIR / MODEL_FILE
    target.write_text(json.dumps(document, ensure_ascii=False, sort_keys=True,
                                 separators=(",", ":")) + "\n", encoding="utf-8")
    click.echo(f"model {version} ({len(rows)} reports, {len(document['classes'])} agencies, "
               f"{len(document['features'])} word features, threshold {threshold:.2f}) "
               f"written to {target}")


def _rules_line(rules: Any, catalog: Any, texts: list[str], labels: list[str]) -> str:
    from routing.training import score

    correct, wrong, triage = score([route_text(rules, catalog, t) for t in texts], labels)
    return f"correct agency {correct:.3f}, wrong agency {wrong:.3f}, triage {triage:.3f}"
