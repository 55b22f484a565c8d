"""The database schema as SQLAlchemy 2 typed ORM classes.

Reference tables (agencies, areas, categories) mirror `config/` and are synced at start-up.
Reports carry an append-only history in `report_events`. Provider ids (CallSid, MessageSid,
RecordingSid) are unique so a repeated webhook delivery is processed once. Every timestamp is
stored and returned as an aware UTC datetime. Migrations live in `gateway/migrations/`.
"""

from gateway.store.models.base import NAMING, Base, UTCDateTime, utcnow
from gateway.store.models.calls import Call
from gateway.store.models.operators import AuditEntry, Operator, OperatorSession, SignInFailures
from gateway.store.models.outbox import OutboxItem
from gateway.store.models.reference import Agency, Area, Category
from gateway.store.models.reports import Recording, Report, ReportEvent, ReportReporter
from gateway.store.models.texts import Contact, Conversation, Message

__all__ = [
    "NAMING", "Agency", "Area", "AuditEntry", "Base", "Call", "Category",
    "Contact", "Conversation", "Message", "Operator", "OperatorSession", "OutboxItem",
    "Recording", "Report", "ReportEvent", "ReportReporter", "SignInFailures", "UTCDateTime",
    "utcnow",
]
