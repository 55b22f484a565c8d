"""Providers: the webhooks, senders and spool of each telephony and SMS provider."""
