"""URC dispatch: an urgent report is texted at once to the on-duty numbers of the agency's
rapid-reaction unit, with ticket, category, place and a summary."""

from __future__ import annotations

from datetime import datetime

from gateway.reports import history
from gateway.reports.history import Event, ReportRef
from gateway.reports.notices import text_row
from gateway.store.database import Connection
from gateway.store.outbox import enqueue
from routing.catalog import Catalog


def dispatch(connection: Connection, catalog: Catalog, report: ReportRef, agency_code: str | None,
             category_code: str | None, area_code: str | None, text: str,
             now: datetime) -> None:
    """Text `report` to the on-duty numbers of the URC of `agency_code`."""
    agency = catalog.agencies.get(agency_code or "")
    if agency is None:
        return
    report_id, ticket = report.id, report.ticket
    category = catalog.categories.get(category_code or "")
    area = catalog.areas.get(area_code or "")
    summary = " ".join(text.split())[:70] or "laporan lewat telepon, dengarkan rekamannya"
    message = (f"URC {agency.short_name}: DARURAT tiket {ticket}, "
               f"{category.name('id') if category else 'tanpa kategori'}, "
               f"{area.name if area else 'lokasi belum diketahui'}. {summary}")
    # Staff on duty, not citizens: an opt-out recorded for such a number must not stop this.
    numbers = [n for n in agency.urc_numbers if n]
    enqueue(connection, [text_row(n, "sms", message, now, report_id, force=True)
                         for n in numbers])
    history.record(connection, now, Event(
        report_id, "system", "urc_dispatched" if numbers else "urc_not_dispatched",
        {"numbers": len(numbers)} if numbers else {"reason": "no URC numbers in agencies.yaml"}))
