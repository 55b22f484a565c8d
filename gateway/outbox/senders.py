"""Choosing the sender for a text: each channel names its sender in `gateway.channels`; SMS go
through the configured SMS_BACKEND, WhatsApp always through Twilio."""

from __future__ import annotations

from collections.abc import Mapping

from gateway.channels import UnknownChannelError, channel
from gateway.outbox.sending import ConsoleSender, PermanentError, Sent, SmsSender
from gateway.providers.kannel.sender import KannelSender
from gateway.providers.twilio.sender import TwilioSender
from gateway.settings import Settings


class ChannelSender:
    """Sends each text with the sender its channel names."""

    def __init__(self, senders: Mapping[str, SmsSender]) -> None:
        self.senders = dict(senders)
        self.provider = self.senders["sms"].provider

    def send(self, to: str, body: str, channel_name: str, reference: str) -> Sent:
        try:
            name = channel(channel_name).sender
        except UnknownChannelError as exc:
            raise PermanentError(str(exc)) from None
        sender = self.senders.get(name)
        if sender is None:
            raise PermanentError(f"no sender for texts on channel {channel_name!r}")
        return sender.send(to, body, channel_name, reference)


def make_sender(settings: Settings) -> ChannelSender:
    if settings.SMS_BACKEND == "console":
        console = ConsoleSender()
        return ChannelSender({"sms": console, "whatsapp": console})
    twilio = TwilioSender(settings)
    sms: SmsSender = KannelSender(settings) if settings.SMS_BACKEND == "kannel" else twilio
    return ChannelSender({"sms": sms, "whatsapp": twilio})
