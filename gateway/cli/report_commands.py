"""`lapor reports export`: every report as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click

from gateway.cli.common import open_database, reasons
from gateway.settings import load_settings
from gateway.store.database import Database
from gateway.store.exports import report_rows

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


@reports.command("export", help="Print every report as JSON or CSV on standard output.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@reasons
def reports_export(fmt: str) -> None:
    """Write every report to stdout as CSV or JSON lines."""
    with open_database(load_settings()) as database:
        _export(database, fmt)


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
