"""What the gateway exchanges with the national complaint channel, whatever its API.

`NationalChannel` is the interface the escalation service and the worker use; `LaporApi`
(`gateway.sp4n.lapor_api`) is LAPOR!-SP4N's implementation over HTTP. Its calls raise
`gateway.providers.sending.TransientError` for what may work on a later try (a timeout, a 5xx)
and `PermanentError` for what never will (a refused token, a rejected complaint).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Complaint:
    """A report as LAPOR! asks for it: its classification, title, text, date and place of the
    event, the category's name, and whether it may be published. No reporter's name or number
    is ever sent: the city stays the citizen's contact."""

    external_id: str  # the city's ticket
    classification: str  # pengaduan | aspirasi | permintaan_informasi
    title: str
    text: str
    happened_on: date
    location: str
    category: str
    channel: str
    confidential: bool  # LAPOR!'s "rahasia": not shown on its public pages
    anonymous: bool = True  # LAPOR!'s "anonim": the reporter's identity is not given


@dataclass(frozen=True, slots=True)
class NationalReply:
    """One follow-up written on LAPOR! (by LAPOR!'s admins or the agency that handles it)."""

    at: datetime | None  # None when LAPOR! gave no readable time
    text: str


@dataclass(frozen=True, slots=True)
class NationalState:
    """Where a complaint stands on LAPOR!: its status in LAPOR!'s words and every follow-up,
    oldest first."""

    tracking_id: str
    status: str
    replies: tuple[NationalReply, ...] = ()


class NationalChannel(Protocol):
    """The national complaint channel, as the worker uses it."""

    def submit(self, complaint: Complaint) -> str:
        """Send a complaint; returns the national tracking id."""
        ...

    def state(self, tracking_id: str) -> NationalState:
        """Where the complaint with `tracking_id` stands now."""
        ...
