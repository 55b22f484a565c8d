"""What operators do to a report, through the same services as the phone and SMS channels.

Each action checks the operator may act on the report, changes it, records the step in the
report's history and in the audit log, and lets the citizen's notifications follow from the
status services. Raises `ActionError` with a message for the operator when the input is wrong.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.operators.auth import CurrentOperator
from gateway.reports.services import join_duplicate
from gateway.store import models
from gateway.texting.intake import change_status
from gateway.texting.notices import send_text
from routing.catalog import Catalog

# Which statuses each kind of operator may set.
COMMAND_CENTER = {"verified", "forwarded", "in_progress", "resolved", "rejected"}
AGENCY = {"in_progress", "resolved", "rejected"}
CLOSED = {"resolved", "rejected", "cancelled", "duplicate"}


class ActionError(ValueError):
    """The action cannot be done as asked; the message is shown to the operator."""


def may_see(operator: CurrentOperator, report: models.Report) -> bool:
    if operator.sees_all_agencies:
        return True
    return operator.role == "agency" and report.agency_code == operator.agency_code


def audit(session: Session, operator: CurrentOperator, action: str, target: str,
          address: str, now: datetime, **detail: object) -> None:
    session.add(models.AuditEntry(at=now, operator=operator.username, action=action,
                                  target=target, address=address, detail=detail))


def _event(session: Session, report: models.Report, operator: CurrentOperator, action: str,
           now: datetime, **detail: object) -> None:
    session.add(models.ReportEvent(report_id=report.id, at=now,
                                   actor=f"operator:{operator.username}", action=action,
                                   detail=detail))


def set_status(session: Session, catalog: Catalog, operator: CurrentOperator,
               report: models.Report, status: str, reason: str, now: datetime) -> None:
    allowed = COMMAND_CENTER if operator.sees_all_agencies else AGENCY
    if status not in allowed:
        raise ActionError("Status itu tidak dapat Anda pilih.")
    if report.status in CLOSED:
        raise ActionError("Laporan ini sudah ditutup.")
    if status == "rejected" and not reason.strip():
        raise ActionError("Tuliskan alasan penolakan; pelapor akan menerimanya.")
    change_status(session, catalog, report, status, f"operator:{operator.username}", now,
                  reason=reason.strip())


def reassign(session: Session, catalog: Catalog, operator: CurrentOperator,
             report: models.Report, agency_code: str, note: str, now: datetime) -> None:
    """Forward the report to an agency (or back to triage with an empty code)."""
    if not operator.sees_all_agencies:
        raise ActionError("Hanya pusat kendali yang dapat meneruskan laporan.")
    agency = catalog.agencies.get(agency_code) if agency_code else None
    if agency_code and agency is None:
        raise ActionError("Dinas tidak dikenal.")
    before = report.agency_code
    report.agency_code = agency.code if agency else None
    report.updated_at = now
    _event(session, report, operator, "reassigned", now, from_agency=before,
           to_agency=report.agency_code, note=note.strip())
    if agency is not None and report.status in ("new", "verified", "forwarded"):
        change_status(session, catalog, report, "forwarded", f"operator:{operator.username}",
                      now, reason=note.strip())


def correct(session: Session, catalog: Catalog, operator: CurrentOperator,
            report: models.Report, category: str, area: str, now: datetime) -> None:
    """Correct the category or place; the deadlines follow the new category."""
    if category and category not in catalog.categories:
        raise ActionError("Kategori tidak dikenal.")
    if area and area not in catalog.areas:
        raise ActionError("Wilayah tidak dikenal.")
    changes: dict[str, object] = {}
    if category and category != report.category_code:
        changes["category"] = [report.category_code, category]
        report.category_code = category
        chosen = catalog.categories[category]
        report.priority = chosen.priority
        report.acknowledge_by = report.created_at + timedelta(hours=chosen.acknowledge_hours)
        report.resolve_by = report.created_at + timedelta(hours=chosen.resolve_hours)
    if area and area != report.area_code:
        changes["area"] = [report.area_code, area]
        report.area_code = area
    if not changes:
        raise ActionError("Tidak ada yang diubah.")
    report.updated_at = now
    _event(session, report, operator, "corrected", now, **changes)


def add_note(session: Session, operator: CurrentOperator, report: models.Report, note: str,
             now: datetime) -> None:
    if not note.strip():
        raise ActionError("Catatan kosong.")
    _event(session, report, operator, "note", now, note=note.strip()[:2000])


def write_to_reporter(session: Session, operator: CurrentOperator, report: models.Report,
                      text: str, now: datetime) -> None:
    if not text.strip():
        raise ActionError("Pesan kosong.")
    if not report.reporter:
        raise ActionError("Nomor pelapor tidak diketahui.")
    channel = report.channel if report.channel in ("sms", "whatsapp") else "sms"
    body = f"Lapor Kota Batu, tiket {report.public_ticket}: {text.strip()}"
    if not send_text(session, report.reporter, channel, body, now, report.id):
        raise ActionError("Pelapor sudah berhenti menerima SMS (STOP).")
    _event(session, report, operator, "message", now, text=text.strip()[:600])


def link_duplicate(session: Session, operator: CurrentOperator, report: models.Report,
                   parent_ticket: str, now: datetime) -> None:
    if not operator.sees_all_agencies:
        raise ActionError("Hanya pusat kendali yang dapat menggabungkan laporan.")
    parent = session.scalar(select(models.Report).where(models.Report.ticket == parent_ticket))
    if parent is None or parent.id == report.id or parent.parent_id is not None:
        raise ActionError("Tiket induk tidak ditemukan atau tidak dapat dipakai.")
    if report.status in CLOSED:
        raise ActionError("Laporan ini sudah ditutup.")
    join_duplicate(session, report, parent, now)
    _event(session, report, operator, "linked", now, parent=parent.ticket)
