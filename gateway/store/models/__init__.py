"""The database schema as SQLAlchemy 2 typed ORM classes.

Reference tables (agencies, areas, categories) mirror `config/` and are synced at start-up.
Reports carry an append-only history in `report_events`. Provider ids (CallSid, MessageSid,
RecordingSid) are unique so a repeated webhook delivery is processed once. Every timestamp is
stored and returned as an aware UTC datetime. Migrations live in `gateway/store/migrations/`.
"""

from gateway.store.models.call_tables import Call
from gateway.store.models.declarative import NAMING, Base, UTCDateTime, table, utcnow
from gateway.store.models.escalation_tables import NationalEscalation
from gateway.store.models.farming_tables import (
    AdviceItem,
    AdviceText,
    Alert,
    AlertRecipient,
    Farmer,
    FarmerCommodity,
    FarmQuestion,
    FieldOfficer,
    MarketPrice,
    OfficerArea,
)
from gateway.store.models.operator_tables import (
    ApiKey,
    ApiToken,
    AuditEntry,
    Operator,
    OperatorSession,
    SignInFailures,
)
from gateway.store.models.outbox_table import OutboxItem
from gateway.store.models.reference_tables import Agency, Area, Category
from gateway.store.models.report_tables import Recording, Report, ReportEvent, ReportReporter
from gateway.store.models.text_tables import Contact, Conversation, Message

__all__ = [
    "NAMING", "AdviceItem", "AdviceText", "Agency", "Alert", "AlertRecipient", "ApiKey", "ApiToken",
    "Area",
    "AuditEntry", "Base", "Call", "Category", "Contact", "Conversation", "FarmQuestion", "Farmer",
    "FarmerCommodity", "FieldOfficer", "MarketPrice", "Message", "NationalEscalation",
    "OfficerArea", "Operator",
    "OperatorSession", "OutboxItem", "Recording", "Report", "ReportEvent", "ReportReporter",
    "SignInFailures", "UTCDateTime", "table", "utcnow",
]
