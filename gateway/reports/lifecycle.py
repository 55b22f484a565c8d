"""The statuses a report moves through, and which of them are open or closed.

One enum for the whole gateway: intake, the operators' pages, deadlines and the worker all ask
`ReportStatus` whether a report is still being worked on.
"""

from __future__ import annotations

from enum import StrEnum


class ReportStatus(StrEnum):
    """Where a report stands; the one list of statuses the whole gateway uses."""

    NEW = "new"
    VERIFIED = "verified"
    FORWARDED = "forwarded"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    DUPLICATE = "duplicate"  # joined the open report of the same problem
    ABANDONED = "abandoned"  # what a caller left when hanging up mid-report

    @property
    def is_open(self) -> bool:
        """Still waiting for the city to act: deadlines run and duplicates may join it."""
        return self in OPEN

    @property
    def is_closed(self) -> bool:
        """Nothing more happens to it; only a note may still be added."""
        return self in CLOSED


OPEN = frozenset({ReportStatus.NEW, ReportStatus.VERIFIED, ReportStatus.FORWARDED,
                  ReportStatus.IN_PROGRESS})
CLOSED = frozenset({ReportStatus.RESOLVED, ReportStatus.REJECTED, ReportStatus.CANCELLED,
                    ReportStatus.DUPLICATE})
# Status changes the reporter is texted about.
NOTIFIED = frozenset({ReportStatus.FORWARDED, ReportStatus.IN_PROGRESS, ReportStatus.RESOLVED,
                      ReportStatus.REJECTED})


def status_of(value: str) -> ReportStatus:
    """The status stored as `value`; raises ValueError for anything else."""
    return ReportStatus(value)
