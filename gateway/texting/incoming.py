"""An incoming text: `IncomingMessage` as any provider delivers it, and `Texting`, what the
handling of one such message works with."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from farming.catalog import FarmingCatalog
from gateway.reports.notices import may_text, text_row
from gateway.store.database import Connection
from routing.catalog import Catalog
from routing.decision import Decision
from routing.places import PlaceMatch, find_place
from routing.rules import Rules, route_text
from sms.numbers import mask_msisdn


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """A text from a citizen, as any provider delivers it."""

    provider: str  # twilio, kannel
    provider_id: str  # MessageSid or Kannel's message id
    channel: str  # sms, whatsapp
    sender: str | None  # E.164; None when the number cannot be read
    recipient: str | None
    body: str
    media: tuple[str, ...] = ()  # photo URLs
    unsupported_media: int = 0  # attachments that are not photos (audio, video, ...)

log = logging.getLogger(__name__)



@dataclass
class Texting:
    """One message being handled: where to write, what the gateway knows, and the message."""

    connection: Connection
    catalog: Catalog
    rules: Rules
    message: IncomingMessage
    now: datetime
    ticket_factory: Callable[[], str]
    duplicate_window: timedelta
    # (decision, place) of the text, worked out before the transaction began.
    routed: tuple[Decision, PlaceMatch | None] | None = None
    opted_out: bool | None = None  # the sender's, as read when the message arrived
    report_id: int | None = None  # the report the message filed (or named)
    replies: list[dict[str, Any]] = field(default_factory=list)
    farming: FarmingCatalog | None = None  # the farmers' line's data, for its commands

    @property
    def sender(self) -> str:
        assert self.message.sender is not None
        return self.message.sender

    def reply(self, text: str, report_id: int | None = None, force: bool = False) -> None:
        """Queue a reply to the sender (nothing to a number that opted out, unless `force`);
        the replies are put in the outbox together when the message is stored."""
        if not may_text(self.opted_out, force):
            log.info("not texting %s: opted out", mask_msisdn(self.sender))
            return
        self.replies.append(text_row(self.sender, self.message.channel, text, self.now,
                                     report_id, force))

    def route(self, text: str) -> tuple[Decision, PlaceMatch | None]:
        return self.routed or (route_text(self.rules, self.catalog, text),
                               find_place(self.catalog, text))
