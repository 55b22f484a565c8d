"""What each Twilio webhook does, from its request to the gateway's services.

Each handler takes the request as it arrived (`Delivery`), from the view or, after the request
was spooled, from a replay (`KINDS` below names them), and runs its own short
transactions through the service it calls.
"""

from __future__ import annotations

import logging

from gateway.providers.contract import Kind
from gateway.providers.spool import Delivery
from gateway.providers.twilio import fields
from gateway.runtime import Runtime
from gateway.store import messages
from gateway.store.values import safe_int, storable
from gateway.texting import intake
from gateway.voice import hotline
from gateway.voice.hotline import Caller

log = logging.getLogger(__name__)


def receive_message(rt: Runtime, delivery: Delivery) -> bool:
    """An SMS or WhatsApp message; False when it was a repeated delivery."""
    return intake.receive(rt.db, rt.catalog, rt.rules, fields.incoming_message(delivery.form),
                          delivery.received_at, rt.ticket_factory, rt.farm)


def keep_message(rt: Runtime, delivery: Delivery) -> bool:
    """A message whose handling failed, stored with status `error` for an operator."""
    return intake.keep_unprocessed(rt.db, fields.incoming_message(delivery.form),
                                   delivery.received_at)


def message_status(rt: Runtime, delivery: Delivery) -> bool:
    """A delivery status callback of an outgoing message; it never moves a status back."""
    form = delivery.form
    sid, status = form.get("MessageSid", ""), form.get("MessageStatus", "")
    if not sid:
        return False
    with rt.db.transaction() as connection:
        return messages.provider_status(connection, "twilio", sid, status,
                                        form.get("ErrorCode") or None, delivery.received_at)


def answer_call(rt: Runtime, delivery: Delivery) -> str | None:
    """A new call: the TwiML of the flow's first turn (None: answered already)."""
    form = delivery.form
    sid = fields.call_sid(form)
    if not sid:
        return None
    caller = Caller(sid, fields.caller_number(form), fields.caller_number(form, "To"))
    return hotline.answer(rt, caller, delivery.base, delivery.received_at)


def call_step(rt: Runtime, delivery: Delivery) -> str | None:
    """A caller's keypress, speech or silence: the TwiML of the next turn."""
    event = fields.voice_event(delivery.form, delivery.args)
    return hotline.step(rt, fields.call_sid(delivery.form),
                        delivery.args.get("seq", ""), event, delivery.base, delivery.received_at)


def call_status(rt: Runtime, delivery: Delivery) -> None:
    """A call's status callback; a call that ended files what the caller said."""
    hotline.ended(rt, fields.call_sid(delivery.form),
                  storable(delivery.form.get("CallStatus", ""), 16), delivery.received_at)


def recording_status(rt: Runtime, delivery: Delivery) -> None:
    """A finished recording: linked to its call and queued for download."""
    ref = fields.recording(delivery.form)
    if ref is None:
        return
    status = storable(delivery.form.get("RecordingStatus", ""), 16) or None
    hotline.recorded(rt, fields.call_sid(delivery.form), ref, status, delivery.received_at)


def hold_music(rt: Runtime, delivery: Delivery) -> str:
    """What a caller waiting for an operator hears, in their language."""
    form = delivery.form
    return hotline.hold_music(rt, fields.call_sid(form),
                              safe_int(form.get("QueueTime", "0")),
                              safe_int(form.get("QueuePosition", "1"), default=1))



# The kinds of Twilio request the gateway keeps, by the name the spool records.
SMS = Kind("twilio.sms", receive_message, keep_message)
SMS_STATUS = Kind("twilio.sms.status", message_status)
CALL = Kind("twilio.voice", answer_call)
CALL_STEP = Kind("twilio.voice.step", call_step)
CALL_STATUS = Kind("twilio.voice.status", call_status)
RECORDING = Kind("twilio.voice.recording", recording_status)
KINDS = (SMS, SMS_STATUS, CALL, CALL_STEP, CALL_STATUS, RECORDING)
