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


def signed_insert_app() -> Flask:
    """A minimal Twilio SMS webhook: check the signature, insert the message, answer empty."""
    from sqlalchemy import Column, Integer, MetaData, String, Table, Text

    from gateway.store.database import make_engine  # the same engine settings as the gateway's

    app = Flask("insert")
    validator = RequestValidator(os.environ["TWILIO_AUTH_TOKEN"])
    engine = make_engine(os.environ["BENCH_INSERT_URL"])
    table = Table("bench_messages", MetaData(), Column("id", Integer, primary_key=True),
                  Column("sid", String(64)), Column("sender", String(32)), Column("body", Text))
    table.metadata.create_all(engine, checkfirst=True)

    @app.post("/twilio/sms")
    def incoming() -> Response:
        signature = request.headers.get("X-Twilio-Signature", "")
        if not validator.validate(request.url, request.form, signature):
            abort(403)
        with engine.begin() as connection:
            connection.execute(table.insert().values(
                sid=request.form["MessageSid"], sender=request.form["From"],
                body=request.form["Body"]))
        return Response('<?xml version="1.0" encoding="UTF-8"?><Response />',
                        mimetype="text/xml")

    return app
