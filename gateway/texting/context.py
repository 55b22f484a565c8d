"""`Texting`: what the handling of one incoming message works with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Connection

from gateway.texting.messages import IncomingMessage
from gateway.texting.notices import queue_text
from routing.catalog import Catalog
from routing.decision import Decision
from routing.places import PlaceMatch, find_place
from routing.rules import Rules, route_text


@dataclass
class Texting:
    """One message being handled: where to write, what the gateway knows, and the message."""

    connection: Connection
    catalog: Catalog
    rules: Rules
    message: IncomingMessage
    stored: int  # the message's row
    now: datetime
    ticket_factory: Callable[[], str]
    duplicate_window: timedelta
    # (decision, place) of the text, worked out before the transaction began.
    routed: tuple[Decision, PlaceMatch | None] | None = None

    @property
    def sender(self) -> str:
        assert self.message.sender is not None
        return self.message.sender

    def reply(self, text: str, report_id: int | None = None, force: bool = False) -> None:
        """Queue a reply to the sender (nothing to a number that opted out, unless `force`)."""
        queue_text(self.connection, self.sender, self.message.channel, text, self.now,
                   report_id, force)

    def route(self, text: str) -> tuple[Decision, PlaceMatch | None]:
        return self.routed or (route_text(self.rules, self.catalog, text),
                               find_place(self.catalog, text))
