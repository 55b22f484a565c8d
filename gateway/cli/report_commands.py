"""`lapor reports export`: every report as JSON or CSV; with `--public`, the city's open data
(anonymised, `gateway.reports.open_data`), printed or written as the day's files."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from gateway.cli.common import open_database, reasons
from gateway.reports.open_data import DICTIONARY, FIELDS, local_date, public_row
from gateway.settings import load_settings
from gateway.store.database import Database
from gateway.store.exports import public_report_rows, report_rows
from gateway.store.reference import load_catalog

EXPORT_FIELDS = (
    "ticket", "channel", "status", "category", "agency", "area_code", "created_at", "text",
    "reporter", "language", "priority", "updated_at", "recordings",
)


def _spreadsheet_safe(value: Any) -> str:
    """Text a spreadsheet shows as written: lists joined, formula starters neutralised."""
    if value is None:
        return ""
    text = " ".join(value) if isinstance(value, list) else str(value)
    # A cell starting with = + - @ would run as a formula in Excel or LibreOffice (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@click.group(help="Reports.")
def reports() -> None:
    """The `lapor reports` group: exporting reports."""


@reports.command("export", help="Print every report as JSON or CSV on standard output. With "
                 "--public, the open data instead: no text, numbers or names (see "
                 "docs/open-data.md); with --out DIR, the day's CSV, JSON and data dictionary "
                 "are written there.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--public", is_flag=True, help="The anonymised open data.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="With --public: write laporan-YYYY-MM-DD.csv and .json and "
                   "kamus-data.csv to this folder.")
@reasons
def reports_export(fmt: str, public: bool, out: Path | None) -> None:
    """Write every report, or the open data, to stdout or the day's files."""
    settings = load_settings()
    if out is not None and not public:
        raise click.UsageError("--out goes with --public")
    with open_database(settings) as database:
        if not public:
            _export(database, fmt)
            return
        catalog = load_catalog(settings.CONFIG_DIR)
        rows = [public_row(r, catalog, settings.SECRET_KEY.get_secret_value())
                for r in public_report_rows(database)]
    if out is None:
        click.echo(_json(rows) if fmt == "json" else _csv(rows, FIELDS), nl=False)
        return
    out.mkdir(parents=True, exist_ok=True)
    day = local_date(datetime.now(UTC))
    (out / f"laporan-{day}.json").write_text(_json(rows), encoding="utf-8")
    (out / f"laporan-{day}.csv").write_text(_csv(rows, FIELDS), encoding="utf-8-sig")
    dictionary = [{"field": f, "type": t, "arti": i, "meaning": e}
                  for f, (t, i, e) in DICTIONARY.items()]
    (out / "kamus-data.csv").write_text(_csv(dictionary, ("field", "type", "arti", "meaning")),
                                        encoding="utf-8-sig")
    click.echo(f"{len(rows)} reports written to {out}/laporan-{day}.csv and .json, "
               f"with kamus-data.csv")


def _json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def _csv(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: _spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _export(database: Database, fmt: str) -> None:

    def out(text: str) -> None:
        click.echo(text, nl=False)

    if fmt == "json":
        out("[")
        for index, row in enumerate(report_rows(database)):
            out(("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False))
        out("\n]\n")
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\r\n")
    out("\ufeff")  # BOM: spreadsheets then read the file as UTF-8
    writer.writeheader()
    for row in report_rows(database):
        writer.writerow({k: _spreadsheet_safe(v) for k, v in row.items()})
        out(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
    out(buffer.getvalue())
