"""Offline prompts: rendered with pyttsx3 + espeak-ng, cached by text, overridden by recordings,
and played with <Play> instead of <Say> when a file exists."""

from __future__ import annotations

import ctypes.util
import wave
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from twilio.request_validator import RequestValidator

from gateway.app import create_app
from gateway.voice.prompts import PromptLibrary, build_prompts, library_for, prompt_key
from ivr_flows.steps import Say
from tests.caller import Caller, spoken
from tests.conftest import AUTH_TOKEN

needs_espeak = pytest.mark.skipif(
    ctypes.util.find_library("espeak-ng") is None,
    reason="espeak-ng is not installed (apt-get install espeak-ng)",
)


def fake_renderer(calls: list[str]):
    def render(text: str, language: str, target: Path) -> None:
        calls.append(f"{language}:{text}")
        target.write_bytes(b"RIFF fake")

    return render


def test_rebuild_renders_only_what_changed(flows, tmp_path):
    library = PromptLibrary(tmp_path / "rendered", tmp_path / "recorded")
    calls: list[str] = []
    first = build_prompts(flows.values(), library, fake_renderer(calls))
    assert first.rendered == len(calls) > 100 and first.unchanged == 0
    assert {c.split(":", 1)[0] for c in calls} == {"id", "jv", "en"}
    calls.clear()
    second = build_prompts(flows.values(), library, fake_renderer(calls))
    assert second.rendered == 0 and calls == [] and second.unchanged == first.rendered
    welcome = flows["hotline"].text("jv", "welcome")
    (library.rendered / f"{prompt_key(welcome, 'jv')}.wav").unlink()
    third = build_prompts(flows.values(), library, fake_renderer(calls))
    assert third.rendered == 1 and calls == [f"jv:{welcome}"]


def test_recorded_file_overrides_and_dynamic_text_is_spoken(flows, tmp_path):
    library = PromptLibrary(tmp_path / "rendered", tmp_path / "recorded")
    hotline = flows["hotline"]
    welcome = Say(hotline.text("id", "welcome"), "id", "welcome")
    assert library.url(welcome) is None
    build_prompts(flows.values(), library, fake_renderer([]))
    assert library.url(welcome) == f"/prompts/rendered/{prompt_key(welcome.text, 'id')}.wav"
    (tmp_path / "recorded" / "id").mkdir(parents=True)
    (tmp_path / "recorded" / "id" / "welcome.mp3").write_bytes(b"ID3")
    assert library.url(welcome) == "/prompts/recorded/id/welcome.mp3"
    assert build_prompts(flows.values(), library, fake_renderer([])).recorded == 1
    assert library.url(Say("Nomor tiket Anda: 1 2 3", "id", "")) is None


@needs_espeak
def test_pyttsx3_renders_real_wav_files(flows, settings, tmp_path):
    library = library_for(settings.INSTANCE_DIR, tmp_path / "config")
    result = build_prompts(flows.values(), library)
    assert result.rendered > 100
    files = sorted(library.rendered.glob("*.wav"))
    assert len(files) == result.rendered
    with wave.open(str(files[0])) as audio:
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
        assert audio.getframerate() == 22050 and audio.getnframes() > 2205  # > 0.1 s
    assert build_prompts(flows.values(), library).rendered == 0


@needs_espeak
def test_calls_play_rendered_prompts(runtime, flows, signed_post, tmp_path):
    library = library_for(runtime.settings.INSTANCE_DIR, runtime.settings.CONFIG_DIR)
    build_prompts(flows.values(), library)
    app = create_app(runtime=replace(runtime, prompt_url=library.url))
    client = app.test_client()

    def post(path, data, base="http://localhost"):
        signature = RequestValidator(AUTH_TOKEN).compute_signature(base + path, data)
        return client.post(path, data=data, headers={"X-Twilio-Signature": signature})

    caller = Caller(post, "CA" + "9" * 32)
    root = caller.dial()
    plays = [p.text for p in root.iter("Play")]
    assert plays and all(p.startswith("http://localhost/prompts/rendered/") for p in plays)
    audio = client.get(plays[0])
    assert audio.status_code == 200 and audio.mimetype == "audio/wav"
    assert audio.data[:4] == b"RIFF"
    audio.close()
    assert client.get("/prompts/rendered/../../config/agencies.yaml").status_code == 404


@pytest.mark.parametrize(("mode", "plays"), [("auto", True), ("say", False)])
def test_voice_prompts_setting_chooses_play_or_say(make_client, flows, settings, mode, plays):
    library = library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR)
    build_prompts(flows.values(), library, fake_renderer([]))
    client = make_client(VOICE_PROMPTS=mode)
    data = {"CallSid": "CA" + "8" * 32, "From": "+6281234567890"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature("http://localhost/twilio/voice",
                                                               data)
    response = client.post("/twilio/voice", data=data, headers={"X-Twilio-Signature": signature})
    root = ET.fromstring(response.data)
    assert (root.find(".//Play") is not None) is plays
    assert ("Kangge basa Jawi" in spoken(root)) is not plays
