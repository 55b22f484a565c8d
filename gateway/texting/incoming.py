"""`IncomingMessage`: a text from a citizen, as any provider delivers it."""

from __future__ import annotations

from dataclasses import dataclass


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
