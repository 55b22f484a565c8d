"""Numbers and dates on the operators' pages in the operator's language, through Babel's
CLDR data: "0,1" and "12.345" in Indonesian, "23 Nov–29 Nov" for a week, days as "1 Des 2026".

Registered as template filters (`number`, `decimal`, `day`, `week`); the statistics CSV keeps
plain machine formats.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal
from flask import Flask

from gateway.operators.i18n import page_language

WIB = ZoneInfo("Asia/Jakarta")


def number(value: float | int | None) -> str:
    """A count or amount with the language's grouping ("12.345" in Indonesian)."""
    return "-" if value is None else format_decimal(value, locale=page_language())


def decimal(value: float | str | None, digits: int = 1) -> str:
    """A fraction with `digits` decimals and the language's decimal mark ("0,1")."""
    if value is None or value == "" or value == "-":
        return "-"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(float(value), format=pattern, locale=page_language())


def day(value: date | datetime | None) -> str:
    """A day as people write it: "1 Des 2026" (a timestamp is taken in WIB)."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        value = value.astimezone(WIB).date()
    return format_date(value, "d MMM yyyy", locale=page_language())


def week(monday: date) -> str:
    """A week from its Monday: "23 Nov–29 Nov"."""
    language = page_language()
    return (f"{format_date(monday, 'd MMM', locale=language)}–"
            f"{format_date(monday + timedelta(days=6), 'd MMM', locale=language)}")


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.jinja_env.filters.update(number=number, decimal=decimal, day=day, week=week)
