"""The city's open data of reports: what may be published of each one, and the data
dictionary that says what each field means.

Nothing that could name a citizen leaves: no text, no phone number, no name, no ticket, no
village (only the kecamatan, of which Kota Batu has three), and dates without the time of day.
Each row has an id that stays the same from one day's file to the next (a keyed digest of the
ticket, so the ticket cannot be recovered from it), so that a user of the data can follow a
report's status over the days.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from gateway.reports.lifecycle import ReportStatus
from routing.catalog import Catalog

# field: (type, meaning in Indonesian, meaning in English)
DICTIONARY: dict[str, tuple[str, str, str]] = {
    "id": ("teks", "Pengenal laporan, tetap sama di setiap berkas harian; bukan nomor tiket",
           "The report's id, the same in every day's file; not its ticket"),
    "channel": ("teks", "Jalur masuk: voice (telepon), sms, whatsapp, web",
                "How it came in: voice (the hotline), sms, whatsapp, web"),
    "category": ("teks", "Kode kategori (config/categories.yaml); kosong bila belum ada",
                 "Category code (config/categories.yaml); empty when not yet known"),
    "category_name": ("teks", "Nama kategori", "Category name (Indonesian)"),
    "agency": ("teks", "Kode perangkat daerah yang menangani; kosong: triase pusat kendali",
               "Code of the agency handling it; empty: the command center's triage"),
    "agency_name": ("teks", "Nama perangkat daerah", "Agency name"),
    "kecamatan": ("teks", "Kode kecamatan (Kemendagri); kosong bila tempatnya belum diketahui",
                  "Kecamatan (district) code (Kemendagri); empty when the place is unknown"),
    "kecamatan_name": ("teks", "Nama kecamatan", "Kecamatan name"),
    "status": ("teks", "Status: new, verified, forwarded, in_progress, resolved, rejected, "
               "cancelled, duplicate", "Status, one of the values on the left"),
    "open": ("ya/tidak", "true bila laporan masih ditangani", "true while it is being worked on"),
    "priority": ("teks", "Prioritas: low, normal, high, urgent", "Priority"),
    "reporters": ("angka", "Banyaknya warga yang melaporkan masalah yang sama",
                  "How many citizens reported the same problem"),
    "created_date": ("tanggal", "Tanggal laporan masuk (WIB, YYYY-MM-DD)",
                     "Date it came in (WIB, YYYY-MM-DD)"),
    "resolved_date": ("tanggal", "Tanggal terakhir dinyatakan selesai; kosong bila belum",
                      "Date it was last resolved; empty if never"),
}
FIELDS = tuple(DICTIONARY)
WIB = timezone(timedelta(hours=7), "WIB")


def public_id(ticket: str, key: str) -> str:
    """A stable id for the ticket that does not reveal it (HMAC-SHA256 with the city's key)."""
    return hmac.new(key.encode(), ticket.encode(), hashlib.sha256).hexdigest()[:16]


def local_date(value: datetime) -> str:
    """The city's date (WIB) of a stored time (UTC, with or without its zone)."""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(WIB).date().isoformat()


def public_row(row: Mapping[str, Any], catalog: Catalog, key: str) -> dict[str, Any]:
    """One published row from a report's stored fields."""
    category = catalog.categories.get(row["category_code"] or "")
    agency = catalog.agencies.get(row["agency_code"] or "")
    kecamatan = _kecamatan(catalog, row["area_code"])
    resolved: datetime | None = row["resolved_at"]
    return {
        "id": public_id(row["ticket"], key), "channel": row["channel"],
        "category": category.code if category else "",
        "category_name": category.name("id") if category else "",
        "agency": agency.code if agency else "", "agency_name": agency.name if agency else "",
        "kecamatan": kecamatan.code if kecamatan else "",
        "kecamatan_name": kecamatan.name if kecamatan else "",
        "status": row["status"], "open": ReportStatus(row["status"]).is_open,
        "priority": row["priority"], "reporters": row["reporters"],
        "created_date": local_date(row["created_at"]),
        "resolved_date": local_date(resolved) if resolved else "",
    }


def _kecamatan(catalog: Catalog, code: str | None) -> Any:
    area = catalog.areas.get(code or "")
    while area is not None and area.level != "kecamatan":
        area = catalog.areas.get(area.parent_code or "")
    return area
