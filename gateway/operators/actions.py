"""What operators do to a report, through the same services as the phone and SMS channels.

Each action checks that the operator may do it, changes the report through
`gateway.reports.changes` (so the citizen's texts follow by themselves), and is written to the
audit log by the page. Raises `ActionError` with a message for the operator when the input is
wrong. Runs on the page's session's connection, in its transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from gateway.operators.i18n import said
from gateway.operators.identity import CurrentOperator
from gateway.reports import changes
from gateway.reports.changes import ReportRow
from gateway.reports.lifecycle import ReportStatus
from gateway.reports.notices import queue_text
from gateway.sp4n import escalation
from gateway.store import operators, reports
from gateway.store.database import Connection
from routing.catalog import Catalog

# Which statuses each kind of operator may set.
COMMAND_CENTER = {ReportStatus.VERIFIED, ReportStatus.FORWARDED, ReportStatus.IN_PROGRESS,
                  ReportStatus.RESOLVED, ReportStatus.REJECTED}
AGENCY = {ReportStatus.IN_PROGRESS, ReportStatus.RESOLVED, ReportStatus.REJECTED}
REOPENABLE = {ReportStatus.RESOLVED, ReportStatus.REJECTED, ReportStatus.CANCELLED}
# The steps that usually come next, which the status menu offers first (the first one the
# operator may take).
NEXT_STEPS = {ReportStatus.NEW: (ReportStatus.VERIFIED, ReportStatus.IN_PROGRESS),
              ReportStatus.VERIFIED: (ReportStatus.IN_PROGRESS,),
              ReportStatus.FORWARDED: (ReportStatus.IN_PROGRESS,),
              ReportStatus.IN_PROGRESS: (ReportStatus.RESOLVED,)}


def next_step(operator: CurrentOperator, status: str) -> str:
    """The status the menu offers first for a report in `status`; "" when none."""
    allowed = COMMAND_CENTER if operator.sees_all_agencies else AGENCY
    steps = NEXT_STEPS.get(ReportStatus(status), ())
    return next((s.value for s in steps if s in allowed), "")


class ActionError(ValueError):
    """The action cannot be done as asked; the message is shown to the operator."""


def may_see(operator: CurrentOperator, agency_code: str | None) -> bool:
    """Whether `operator` may see a report of `agency_code` (None: the command center's)."""
    if operator.sees_all_agencies:
        return True
    return operator.role == "agency" and agency_code == operator.agency_code


def audit(connection: Connection, operator: CurrentOperator, action: str, target: str,
          address: str, now: datetime, detail: Mapping[str, object]) -> None:
    """One line of the audit log: who did what to what, when, and from where."""
    operators.audit(connection, operator.username, action, target, address, now, detail)


def _actor(operator: CurrentOperator) -> str:
    return f"operator:{operator.username}"


def set_status(connection: Connection, catalog: Catalog, operator: CurrentOperator,
               report: ReportRow, status: str, reason: str, now: datetime) -> None:
    """Move a report to `status` as `operator`, with the checks and notices that go with it."""
    allowed = COMMAND_CENTER if operator.sees_all_agencies else AGENCY
    chosen = next((s for s in allowed if s.value == status), None)
    if chosen is None:
        raise ActionError("Status itu tidak dapat Anda pilih.")
    if ReportStatus(report.status).is_closed:
        raise ActionError("Laporan ini sudah ditutup.")
    if chosen == ReportStatus.REJECTED and not reason.strip():
        raise ActionError("Tuliskan alasan penolakan; pelapor akan menerimanya.")
    changes.change_status(connection, catalog, report, chosen, _actor(operator), now,
                          reason=reason.strip())


def reopen(connection: Connection, catalog: Catalog, operator: CurrentOperator,
           report: ReportRow, reason: str, now: datetime) -> None:
    """Open a resolved, rejected or cancelled report again, with the reason."""
    if report.status not in REOPENABLE:
        raise ActionError("Hanya laporan yang selesai, ditolak, atau dibatalkan yang dapat "
                          "dibuka kembali.")
    if not reason.strip():
        raise ActionError("Tuliskan alasan laporan ini dibuka kembali.")
    changes.reopen(connection, catalog, report, _actor(operator), reason.strip(), now)


def not_a_report(connection: Connection, catalog: Catalog, operator: CurrentOperator,
                 report: ReportRow, now: datetime) -> None:
    """Close an open report as not a report; the router learns from it."""
    if not operator.sees_all_agencies:
        raise ActionError("Hanya pusat kendali yang dapat menandai pesan bukan laporan.")
    if ReportStatus(report.status).is_closed:
        raise ActionError("Laporan ini sudah ditutup.")
    changes.not_a_report(connection, catalog, report, _actor(operator), now)


def reassign(connection: Connection, catalog: Catalog, operator: CurrentOperator,
             report: ReportRow, agency_code: str, note: str, now: datetime) -> None:
    """Forward the report to an agency (or back to triage with an empty code)."""
    if not operator.sees_all_agencies:
        raise ActionError("Hanya pusat kendali yang dapat meneruskan laporan.")
    agency = catalog.agencies.get(agency_code) if agency_code else None
    if agency_code and agency is None:
        raise ActionError("Dinas tidak dikenal.")
    if (agency.code if agency else None) == report.agency_code:
        raise ActionError(said("Laporan ini sudah di {agency}.", agency=agency.short_name)
                          if agency else "Laporan ini sudah di triase pusat kendali.")
    changes.reassign(connection, catalog, report, agency.code if agency else None,
                     _actor(operator), note.strip(), now)


def correct(connection: Connection, catalog: Catalog, operator: CurrentOperator,
            report: ReportRow, category: str, area: str, now: datetime) -> None:
    """Correct the category or place; the deadlines follow the new category."""
    if category and category not in catalog.categories:
        raise ActionError("Kategori tidak dikenal.")
    if area and area not in catalog.areas:
        raise ActionError("Wilayah tidak dikenal.")
    if not changes.correct(connection, catalog, report, category or None, area or None,
                           _actor(operator), now):
        raise ActionError("Tidak ada yang diubah.")


def add_note(connection: Connection, operator: CurrentOperator, report: ReportRow, note: str,
             now: datetime) -> None:
    """Add an operator's note to the report's history."""
    if not note.strip():
        raise ActionError("Catatan kosong.")
    changes.add_event(connection, report, _actor(operator), "note", now, note=note.strip()[:2000])


def write_to_reporter(connection: Connection, operator: CurrentOperator, report: ReportRow,
                      public_ticket: str, text: str, now: datetime) -> None:
    """Queue a text from the operator to the reporter (not to a number that opted out)."""
    if not text.strip():
        raise ActionError("Pesan kosong.")
    if not report.reporter:
        raise ActionError("Nomor pelapor tidak diketahui.")
    body = f"Lapor Kota Batu, tiket {public_ticket}: {text.strip()}"
    if not queue_text(connection, report.reporter, report.channel, body, now, report.id):
        raise ActionError("Pelapor sudah berhenti menerima SMS (STOP).")
    changes.add_event(connection, report, _actor(operator), "message", now,
                      text=text.strip()[:600])


def link_duplicate(connection: Connection, operator: CurrentOperator, report: ReportRow,
                   parent_ticket: str, now: datetime) -> None:
    """Merge the report into the open report `parent_ticket` (command center only)."""
    if not operator.sees_all_agencies:
        raise ActionError("Hanya pusat kendali yang dapat menggabungkan laporan.")
    found = changes.find(connection, ticket=parent_ticket) if parent_ticket.isdigit() else None
    if found is None or found.id == report.id or found.parent_id is not None:
        raise ActionError("Tiket induk tidak ditemukan atau tidak dapat dipakai.")
    if ReportStatus(report.status).is_closed:
        raise ActionError("Laporan ini sudah ditutup.")
    parent = reports.open_report_by_id(connection, found.id)
    assert parent is not None
    changes.merge(connection, report, parent, _actor(operator), now)


def escalate(connection: Connection, operator: CurrentOperator, report: ReportRow,
             summary: str, public: bool, bridge_on: bool, now: datetime) -> None:
    """Escalate the report to LAPOR!-SP4N with the operator's summary (command center only);
    the worker sends it. A request that failed for good may be made again."""
    if not operator.sees_all_agencies:
        raise ActionError("Hanya pusat kendali yang dapat meneruskan laporan ke LAPOR!-SP4N.")
    if not bridge_on:
        raise ActionError("Sambungan ke LAPOR!-SP4N belum disiapkan (LAPOR_SP4N_URL).")
    if ReportStatus(report.status).is_closed:
        raise ActionError("Laporan ini sudah ditutup.")
    if not summary.strip():
        raise ActionError("Tuliskan ringkasan laporan untuk LAPOR!-SP4N.")
    actor = _actor(operator)
    if not (escalation.request(connection, report, actor, summary.strip(), public, now)
            or escalation.retry(connection, report, actor, summary.strip(), public, now)):
        raise ActionError("Laporan ini sudah diteruskan ke LAPOR!-SP4N.")
