"""The rendered-TwiML memo: same answer as rendering, expiry, bounded size."""

from __future__ import annotations

import pytest

from gateway.voice import twiml
from ivr_flows.steps import Gather, Say

URLS = twiml.Urls(base="http://localhost", action="http://localhost/twilio/voice/step?seq=3",
                  recording_callback="http://localhost/r", hold="http://localhost/h")


def menu(text: str) -> tuple[Gather, ...]:
    return (Gather((Say(text, "id", "menu"),), num_digits=1, timeout_seconds=5),)


@pytest.fixture
def now(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(twiml.time, "monotonic", lambda: clock[0])
    return clock


def test_cached_answer_equals_rendering_and_follows_prompt_files(settings, now):
    cache = twiml.RenderCache(seconds=10)
    files: dict[str, str] = {}
    prompt_url = files.get
    settings = settings.model_copy(update={"VOICE_PROMPTS": "auto"})
    first = cache.render(menu("Pilih satu"), URLS, settings, lambda say: prompt_url(say.text))
    assert first == twiml.render(menu("Pilih satu"), URLS, settings)
    assert "<Say" in first
    files["Pilih satu"] = "/prompts/recorded/id/menu.wav"  # a recording dropped in place
    assert cache.render(menu("Pilih satu"), URLS, settings,
                        lambda say: prompt_url(say.text)) == first
    now[0] += 10.5
    played = cache.render(menu("Pilih satu"), URLS, settings, lambda say: prompt_url(say.text))
    assert "<Play>http://localhost/prompts/recorded/id/menu.wav</Play>" in played


def test_other_urls_or_steps_are_other_entries_and_size_is_bounded(settings, now):
    cache = twiml.RenderCache(size=3)
    later = twiml.Urls("http://localhost", "http://localhost/twilio/voice/step?seq=4",
                      "http://localhost/r", "http://localhost/h")
    assert "seq=3" in cache.render(menu("a"), URLS, settings, lambda _s: None)
    assert "seq=4" in cache.render(menu("a"), later, settings, lambda _s: None)
    assert "b" in cache.render(menu("b"), URLS, settings, lambda _s: None)
    cache.render(menu("c"), URLS, settings, lambda _s: None)
    assert len(cache._entries) == 1
