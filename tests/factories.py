"""Making test data through the gateway's own services: reports, status changes, operators."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from farming.catalog import FarmingCatalog
from gateway.outbox.worker import Worker
from gateway.providers.media import MediaFetcher
from gateway.providers.sending import ConsoleSender, SmsSender
from gateway.providers.spool import Delivery
from gateway.reports import changes
from gateway.reports.filing import Filed, NewReport, file_report
from gateway.reports.lifecycle import ReportStatus
from gateway.reports.tickets import new_ticket
from gateway.runtime import Runtime
from gateway.store import recordings
from gateway.store.database import Database
from gateway.store.recordings import RecordingRef
from gateway.texting.intake import IncomingMessage, receive
from routing.catalog import Catalog
from routing.rules import Rules


def report(database: Database, catalog: Catalog, now: datetime, channel: str = "sms",
           reporter: str | None = "+6281234567890", notify: bool = True,
           recording: RecordingRef | None = None, **fields: object) -> Filed:
    """File a report as a channel would (with the reporter's confirmation text queued)."""
    with database.transaction() as connection:
        filed = file_report(connection, catalog, NewReport(channel, reporter, **fields),  # type: ignore[arg-type]
                            now, ticket_factory=new_ticket, notify=notify)
        if recording is not None:
            recordings.store(connection, str(fields.get("call_sid") or ""), recording, None,
                             now, filed.id)
    return filed


def set_status(database: Database, catalog: Catalog, report_id: int, status: str, actor: str,
               now: datetime, reason: str = "", notify: bool = True) -> None:
    """Change a report's status as an operator would."""
    with database.transaction() as connection:
        row = changes.find(connection, report_id=report_id)
        assert row is not None
        changes.change_status(connection, catalog, row, ReportStatus(status), actor, now,
                              reason=reason, notify=notify)


def forward(database: Database, catalog: Catalog, report_id: int, agency_code: str | None,
            actor: str, now: datetime, note: str = "") -> None:
    """Give a report to an agency (None: back to triage) as the command center would."""
    with database.transaction() as connection:
        row = changes.find(connection, report_id=report_id)
        assert row is not None
        changes.reassign(connection, catalog, row, agency_code, actor, note, now)


def set_agency(database: Database, report_id: int, agency_code: str) -> None:
    from sqlalchemy import update

    from gateway.store import models

    with database.transaction() as connection:
        connection.execute(update(models.Report.__table__)
                           .where(models.Report.__table__.c.id == report_id)
                           .values(agency_code=agency_code))


def text(database: Database, catalog: Catalog, rules: Rules, now: datetime, sender: str,
         body: str, sid: str, channel: str = "sms", media: tuple[str, ...] = (),
         farming: FarmingCatalog | None = None) -> bool:
    """A text from a handset, as a provider's webhook hands it to intake (with `farming`,
    the farmers' line's commands work)."""
    return receive(database, catalog, rules, IncomingMessage(
        "twilio", sid, channel, sender, "+62341512178", body, media=media), now,
        farming=farming)


def delivery(kind: str, form: dict[str, str], now: datetime, query: str = "") -> Delivery:
    """A provider request as the spool keeps it."""
    return Delivery(kind, "/", query, urlencode(form).encode(), now)


def worker(rt: Runtime, sender: SmsSender | None = None,
           fetcher: MediaFetcher | None = None) -> Worker:
    """A worker on `rt` (its settings and clock), sending with `sender` (console by default)."""
    settings = rt.settings
    credentials = ((settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN.get_secret_value())
                   if settings.TWILIO_ACCOUNT_SID else None)
    return Worker(rt, sender or ConsoleSender(),
                  fetcher or MediaFetcher(settings.media_hosts, credentials,
                                          settings.MEDIA_MAX_BYTES))
