"""Twilio: voice calls (TwiML webhooks), SMS and WhatsApp messages and their status callbacks,
and its REST API for sending texts and moving calls. Requests are authenticated by Twilio's
signature (`signatures`)."""

from gateway.providers.contract import Provider
from gateway.providers.twilio import callbacks, rest_api, sms_views, voice_views

PROVIDER = Provider(name="twilio", path="/twilio/", blueprints=(voice_views.bp, sms_views.bp),
                    kinds=callbacks.KINDS, sender=rest_api.TwilioSender)
