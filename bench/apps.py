"""Baselines the benchmarks compare the gateway with, served by gunicorn like the gateway."""

from __future__ import annotations

import os

from flask import Flask, Response, abort, request
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import VoiceResponse


def hello_app() -> Flask:
    """The cheapest Flask answer: the ceiling for any view on this machine."""
    app = Flask("hello")

    @app.post("/twilio/voice/step")
    def hello() -> str:
        return "hello"

    return app


def signed_twiml_app() -> Flask:
    """A minimal Twilio webhook: check the signature, answer fixed TwiML. No state, no engine."""
    app = Flask("signed")
    validator = RequestValidator(os.environ["TWILIO_AUTH_TOKEN"])

    @app.post("/twilio/voice/step")
    def step() -> Response:
        signature = request.headers.get("X-Twilio-Signature", "")
        if not validator.validate(request.url, request.form, signature):
            abort(403)
        response = VoiceResponse()
        gather = response.gather(input="dtmf", num_digits=1, action="/twilio/voice/step?seq=3")
        gather.say("Silakan pilih jenis laporan Anda.", language="id-ID")
        return Response(str(response), mimetype="text/xml")

    return app
