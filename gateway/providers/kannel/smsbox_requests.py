"""What each Kannel request does: a text from a handset, or a delivery report.

smsbox calls with the values its sms-service or the sendsms dlr-url put in the query (see
config/kannel/): `from` (%p), `to` (%P), `text` (%a, UTF-8 with mo-recode), `id` (%I, Kannel's
message id), and for delivery reports `ref` (the message's reference) and `type` (%d).
"""

from __future__ import annotations

from gateway.providers.contract import Kind
from gateway.providers.spool import Delivery
from gateway.runtime import Runtime
from gateway.store import messages
from gateway.store.values import storable
from gateway.texting import intake
from gateway.texting.incoming import IncomingMessage
from sms.numbers import normalize_msisdn

# Kannel's DLR types (dlr-mask bits) and the message status each means here.
DLR_STATUS = {"1": "delivered", "2": "undelivered", "4": "queued", "8": "sent", "16": "failed"}


def incoming_message(delivery: Delivery) -> IncomingMessage:
    """The text in a request from smsbox, as any provider's text."""
    return IncomingMessage(
        provider="kannel", provider_id=delivery.value("id"), channel="sms",
        sender=normalize_msisdn(delivery.value("from")),
        recipient=normalize_msisdn(delivery.value("to")) or None,
        body=storable(delivery.value("text")))


def receive_message(rt: Runtime, delivery: Delivery) -> bool:
    """An incoming text through Kannel; False when it was a repeated delivery."""
    return intake.receive(rt.db, rt.catalog, rt.rules, incoming_message(delivery),
                          delivery.received_at, rt.ticket_factory, rt.farm)


def keep_message(rt: Runtime, delivery: Delivery) -> bool:
    """A text whose handling failed, stored with status `error` for an operator."""
    return intake.keep_unprocessed(rt.db, incoming_message(delivery), delivery.received_at)


def delivery_report(rt: Runtime, delivery: Delivery) -> bool:
    """A delivery report: moves the message on (never back); False when it names none."""
    reference, status = delivery.value("ref"), DLR_STATUS.get(delivery.value("type"), "")
    if not reference or not status:
        return False
    with rt.db.transaction() as connection:
        return messages.delivery_report(connection, "kannel", reference, status,
                                        delivery.received_at)



# The kinds of Kannel request the gateway keeps, by the name the spool records.
INCOMING = Kind("kannel.incoming", receive_message, keep_message)
DLR = Kind("kannel.dlr", delivery_report)
KINDS = (INCOMING, DLR)
