"""Kannel: SMS through the city's own SMSC link or GSM modem. smsbox calls the gateway for each
message and delivery report (authenticated by a shared secret and the caller's address); texts
go out through sendsms."""

from gateway.providers.contract import Provider
from gateway.providers.kannel import sendsms, smsbox_requests, smsbox_views

PROVIDER = Provider(name="kannel", path="/kannel/", blueprints=(smsbox_views.bp,),
                    kinds=smsbox_requests.KINDS, sender=sendsms.KannelSender)
