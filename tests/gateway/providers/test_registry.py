"""Channels and providers: every registered channel is carried by a provider package that loads,
an unknown channel is an error, and a new channel is its own folder plus one entry."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest
from flask import Blueprint

from gateway.app import create_app
from gateway.channels import CHANNELS, Channel, UnknownChannelError, channel
from gateway.providers import registry
from gateway.providers.contract import Kind, Provider
from gateway.providers.kannel.sendsms import KannelSender
from gateway.providers.keeping import keep
from gateway.providers.replay import replay
from gateway.providers.sending import ChannelSender, ConsoleSender, PermanentError, Sent
from gateway.providers.spool import spool_of
from gateway.providers.twilio.rest_api import TwilioSender
from gateway.request_scope import runtime as current_runtime
from gateway.settings import load_settings
from tests import factories


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    for cached in (registry.provider, registry.providers, registry.kinds):
        cached.cache_clear()
    yield
    for cached in (registry.provider, registry.providers, registry.kinds):
        cached.cache_clear()


def test_every_channel_is_carried_by_a_provider_that_loads():
    names = [each.name for each in registry.providers()]
    assert names == ["twilio", "kannel"]
    kinds = [kind.name for each in registry.providers() for kind in each.kinds]
    assert len(kinds) == len(set(kinds)) == len(registry.kinds())
    for each in registry.providers():
        assert all(kind.name.startswith(each.name + ".") for kind in each.kinds)
        assert all((bp.url_prefix or "").startswith(each.path.rstrip("/"))
                   for bp in each.blueprints)


def test_an_unknown_channel_is_an_error_never_sms():
    with pytest.raises(UnknownChannelError):
        channel("telegram")
    sender = ChannelSender({"sms": ConsoleSender()})
    with pytest.raises(PermanentError, match="unknown channel 'telegram'"):
        sender.send("+6281234567890", "halo", "telegram", "ref")
    with pytest.raises(PermanentError, match="no sender for texts on channel 'whatsapp'"):
        sender.send("+6281234567890", "halo", "whatsapp", "ref")


def test_a_provider_name_without_a_package_is_refused():
    with pytest.raises(registry.ProviderError, match="gateway/providers/pigeon/"):
        registry.provider("pigeon")
    with pytest.raises(registry.ProviderError, match="invalid provider name"):
        registry.provider("../etc")


TWILIO = {"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_PHONE_NUMBER": "+62341512178"}


@pytest.mark.parametrize(("backend", "sms_sender"), [("console", ConsoleSender),
                                                     ("twilio", TwilioSender),
                                                     ("kannel", KannelSender)])
def test_sms_backend_chooses_the_sms_sender_and_whatsapp_stays_on_twilio(settings_env, backend,
                                                                        sms_sender):
    settings = load_settings({**settings_env, **TWILIO, "SMS_BACKEND": backend,
                              "KANNEL_USERNAME": "lapor", "KANNEL_PASSWORD": "rahasia"}, ())
    sender = registry.make_sender(settings)
    assert isinstance(sender.senders["sms"], sms_sender)
    whatsapp = ConsoleSender if backend == "console" else TwilioSender
    assert isinstance(sender.senders["whatsapp"], whatsapp)
    assert set(sender.senders) == {"sms", "whatsapp"}  # voice and web send no texts


class PigeonSender:
    provider = "pigeon"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to: str, body: str, channel: str, reference: str) -> Sent:
        self.sent.append((to, body, channel))
        return Sent(self.provider, "P1", "sent")


def test_a_new_channel_is_its_provider_folder_plus_one_channel_entry(monkeypatch, runtime,
                                                                     settings, settings_env):
    """A made-up provider package, as `gateway/providers/pigeon/__init__.py` would declare it,
    and one line in CHANNELS: its webhook is served (no CSRF, no session), kept through the
    spool when the database is down, replayed, and texts on it go out through its sender."""
    handled: list[str] = []
    note = Kind("pigeon.note", lambda _rt, delivery: handled.append(delivery.form["text"]))
    blueprint = Blueprint("pigeon", __name__, url_prefix="/pigeon")

    @blueprint.post("/in")
    def incoming() -> tuple[str, int]:
        keep(current_runtime(), note)
        return "", 204

    sender = PigeonSender()
    package = types.ModuleType("gateway.providers.pigeon")
    package.PROVIDER = Provider(  # type: ignore[attr-defined]
        name="pigeon", path="/pigeon/", blueprints=(blueprint,), kinds=(note,),
        sender=lambda _settings: sender)
    monkeypatch.setitem(sys.modules, "gateway.providers.pigeon", package)
    monkeypatch.setitem(CHANNELS, "pigeon",  # type: ignore[index]
                        Channel("pigeon", "http", "msisdn", 1, "pigeon", ("pigeon",)))

    client = create_app(runtime=runtime).test_client()
    assert client.post("/pigeon/in", data={"text": "jalan rusak"}).status_code == 204
    assert handled == ["jalan rusak"]
    assert "Content-Security-Policy" not in client.post("/pigeon/in", data={"text": "x"}).headers

    spool_of(settings).put(factories.delivery("pigeon.note", {"text": "dari spool"},
                                              runtime.clock()))
    assert replay(runtime).done == 1 and handled[-1] == "dari spool"

    outbound = registry.make_sender(load_settings({**settings_env, **TWILIO,
                                                   "SMS_BACKEND": "twilio"}, ()))
    outbound.send("+6281234567890", "Laporan diterima", "pigeon", "ref")
    assert sender.sent == [("+6281234567890", "Laporan diterima", "pigeon")]
