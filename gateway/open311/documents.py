"""Open311 GeoReport v2 documents, built from the catalogue and report rows, and written as
JSON or XML the way the specification shows them (http://wiki.open311.org/GeoReport_v2).

A service is a category of `config/categories.yaml`; a service request is a report, its
`service_request_id` the ticket. Nothing that names a reporter is ever in a document: no
number, no name, no text (the description is the category's name).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

from gateway.reports.filing import offered
from gateway.reports.lifecycle import ReportStatus
from routing.catalog import Catalog

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"json": "application/json", "xml": "text/xml"}
# The element each item of a list is written as in XML.
ITEMS = {"services": "service", "service_requests": "request", "attributes": "attribute",
         "values": "value", "endpoints": "endpoint", "formats": "format", "errors": "error"}
STATUS_NOTES = {"new": "Diterima, menunggu diteruskan", "verified": "Sudah diperiksa",
                "forwarded": "Diteruskan ke perangkat daerah",
                "in_progress": "Sedang dikerjakan", "resolved": "Selesai",
                "rejected": "Ditolak", "cancelled": "Dibatalkan",
                "duplicate": "Digabung dengan laporan lain tentang masalah yang sama"}


def services(catalog: Catalog) -> list[dict[str, Any]]:
    """Every category as an Open311 service; each takes the desa as an attribute."""
    return [{"service_code": c.code, "service_name": c.name("id"),
             "description": _agency_name(catalog, c.agency), "metadata": True,
             "type": "realtime", "keywords": c.name("en"),
             "group": catalog.agencies[c.agency].short_name if c.agency else "Pusat Kendali"}
            for c in offered(catalog)]


def definition(catalog: Catalog, code: str) -> dict[str, Any]:
    """The service definition: its one attribute, the desa or kelurahan, from the list."""
    places = [a for a in catalog.areas.values() if a.level in ("desa", "kelurahan")]
    return {"service_code": code, "attributes": [{
        "variable": True, "code": "desa", "datatype": "singlevaluelist", "required": False,
        "datatype_description": "Desa atau kelurahan di Kota Batu", "order": 1,
        "description": "Desa atau kelurahan tempat masalahnya",
        "values": [{"key": a.code, "name": a.name} for a in places]}]}


def request(row: Mapping[str, Any], catalog: Catalog) -> dict[str, Any]:
    """A report as a service request: status open or closed, with notes in words."""
    category = catalog.categories.get(row["category_code"] or "")
    area = catalog.areas.get(row["area_code"] or "")
    kecamatan = catalog.areas.get(area.parent_code or "") if area else None
    status = ReportStatus(row["status"])
    notes = row.get("reason") or STATUS_NOTES.get(status.value, status.value)
    return {
        "service_request_id": row["ticket"],
        "status": "open" if status.is_open else "closed",
        "status_notes": notes,
        "service_name": category.name("id") if category else "",
        "service_code": category.code if category else "",
        "description": category.name("id") if category else "",
        "agency_responsible": _agency_name(catalog, row["agency_code"]),
        "service_notice": "",
        "requested_datetime": _when(row["created_at"]),
        "updated_datetime": _when(row["updated_at"]),
        "expected_datetime": _when(row["resolve_by"]) if status.is_open else "",
        "address": ", ".join(n for n in (area.name if area else "",
                                         kecamatan.name if kecamatan else "", "Kota Batu") if n),
        "address_id": area.code if area else "",
        "zipcode": (area.postcode or "") if area else "",
        "media_url": "",
    }


def discovery(base_url: str, contact: str) -> dict[str, Any]:
    """Where the API is and what it speaks."""
    return {"changeset": "2026-12-02T00:00:00+07:00", "contact": contact,
            "key_service": "Minta kunci API ke admin TI Pemkot Batu (lapor api-key add)",
            "endpoints": [{"specification": SPECIFICATION, "url": base_url,
                           "changeset": "2026-12-02T00:00:00+07:00", "type": "production",
                           "formats": list(FORMATS.values())}]}


def errors(code: int, description: str) -> list[dict[str, Any]]:
    """The specification's error list."""
    return [{"code": code, "description": description}]


def render(document: Any, root: str, fmt: str) -> str:
    """The document as JSON, or as XML under `root` (a list's items named by `ITEMS`)."""
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False)
    element = ElementTree.Element(root)
    _fill(element, root, document)
    return ElementTree.tostring(element, encoding="unicode", xml_declaration=True)


def _fill(element: ElementTree.Element, name: str, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            _fill(ElementTree.SubElement(element, key), key, item)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        for item in value:
            _fill(ElementTree.SubElement(element, ITEMS.get(name, "item")), name, item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def _agency_name(catalog: Catalog, code: str | None) -> str:
    agency = catalog.agencies.get(code or "")
    return agency.name if agency else "Pusat Kendali Kota Batu (triase)"


def _when(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else ""
