"""Fetching media from URLs a webhook gave: only https, only allowed hosts, no redirects
elsewhere, credentials only to the first host, size and type checked, files only where the
gateway puts them. `responses` plays the hosts; any request it does not expect fails."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import responses
from sqlalchemy import select

from gateway.providers.media import AUDIO, IMAGES, MediaFetcher
from gateway.providers.sending import PermanentError
from gateway.settings import load_settings
from gateway.store import models
from tests import factories

ACCOUNT = "AC" + "3" * 32
API = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}"
HOSTS = ("api.twilio.com", "*.twiliocdn.com")


@pytest.fixture
def fetcher() -> MediaFetcher:
    return MediaFetcher(HOSTS, (ACCOUNT, "the-auth-token"), max_bytes=1024)


@pytest.mark.parametrize("url", [
    f"http://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Recordings/RE1",  # not https
    "https://169.254.169.254/latest/meta-data/",  # cloud metadata
    "https://127.0.0.1:8000/kannel/incoming",  # the gateway itself
    "https://localhost/queue",
    "https://api.twilio.com.evil.example/x",
    "https://evil.example/api.twilio.com/x",
    f"https://{ACCOUNT}:token@api.twilio.com/x",  # credentials in the URL
    "file:///etc/passwd",
    "https://[::1]/x",
    "not a url at all",
])
@responses.activate
def test_urls_outside_the_allow_list_are_refused_before_any_request(fetcher, tmp_path, url):
    with pytest.raises(PermanentError, match="refused|cannot be read"):
        fetcher.fetch(url, tmp_path / "x", IMAGES)
    assert len(responses.calls) == 0 and not any(tmp_path.iterdir())


@responses.activate
def test_a_redirect_to_another_host_is_refused(fetcher, tmp_path):
    responses.get(f"{API}/Messages/MM1/Media/ME1", status=302,
                  headers={"Location": "https://internal.example/secret"})
    with pytest.raises(PermanentError, match="internal.example"):
        fetcher.fetch(f"{API}/Messages/MM1/Media/ME1", tmp_path / "photo", IMAGES)
    assert len(responses.calls) == 1


@responses.activate
def test_credentials_go_only_to_the_first_host_not_to_the_cdn_it_redirects_to(fetcher,
                                                                              tmp_path):
    cdn = "https://media.twiliocdn.com/ME1"
    responses.get(f"{API}/Messages/MM1/Media/ME1", status=307, headers={"Location": cdn})
    responses.get(cdn, body=b"\xff\xd8\xff photo", content_type="image/jpeg")
    fetched = fetcher.fetch(f"{API}/Messages/MM1/Media/ME1", tmp_path / "photo", IMAGES)
    assert responses.calls[0].request.headers["Authorization"].startswith("Basic ")
    assert "Authorization" not in responses.calls[1].request.headers
    assert fetched.path == tmp_path / "photo.jpg"
    assert fetched.path.read_bytes()[:3] == b"\xff\xd8\xff"


@responses.activate
def test_too_big_or_wrong_type_is_refused_and_leaves_no_file(fetcher, tmp_path):
    responses.get(f"{API}/Recordings/RE1.wav", body=b"x" * 2048, content_type="audio/wav")
    with pytest.raises(PermanentError, match="MEDIA_MAX_BYTES"):
        fetcher.fetch(f"{API}/Recordings/RE1.wav", tmp_path / "RE1", AUDIO)
    responses.get(f"{API}/Recordings/RE2.wav", body=b"<html>", content_type="text/html")
    with pytest.raises(PermanentError, match="content type 'text/html'"):
        fetcher.fetch(f"{API}/Recordings/RE2.wav", tmp_path / "RE2", AUDIO)
    assert list(tmp_path.iterdir()) == []


@responses.activate
def test_a_recording_sid_that_is_a_path_cannot_write_outside_the_instance(
        signed_post, runtime, settings_env, database, clock):
    settings = load_settings({**settings_env, "TWILIO_ACCOUNT_SID": ACCOUNT}, ())
    url = f"{API}/Recordings/RE4"
    responses.get(url + ".wav", body=b"RIFF....WAVEfmt ", content_type="audio/x-wav")
    answer = signed_post("/twilio/voice/recording", {
        "CallSid": "CA" + "4" * 32, "RecordingSid": "../../../../tmp/owned",
        "RecordingUrl": url, "RecordingStatus": "completed", "RecordingDuration": "3"})
    assert answer.status_code == 204
    factories.worker(replace(runtime, settings=settings)).run_once()
    with database.readers() as session:
        (recording,) = session.scalars(select(models.Recording)).all()
    kept = Path(recording.local_path).resolve()
    media = (settings.INSTANCE_DIR / "media" / "recordings").resolve()
    assert kept.parent == media and kept.name.startswith("h") and ".." not in kept.name
    assert not Path("/tmp/owned.wav").exists()
