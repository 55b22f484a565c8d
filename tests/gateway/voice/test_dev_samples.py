"""Recordings in development: a simulated call announces the sample the gateway serves, sends
the recording status callback, and the worker keeps the file the report page plays."""

from __future__ import annotations

import subprocess

import pytest
import responses

from gateway.providers.media import AUDIO, MediaFetcher
from gateway.providers.sending import PermanentError
from gateway.settings import SettingsError, load_settings
from gateway.store import models
from gateway.voice.dev_samples import SAMPLE
from tests.pages import login
from tests.servers import BIN, lapor_run

ON = {"DEV_MEDIA": "on"}


def test_the_sample_is_served_only_in_development(make_client):
    assert make_client().get("/dev/recordings/RE" + "1" * 32).status_code == 404
    client = make_client(**ON)
    served = client.get("/dev/recordings/RE" + "1" * 32 + ".wav")
    assert served.status_code == 200 and served.mimetype == "audio/wav"
    assert served.data == SAMPLE.read_bytes() and served.data[:4] == b"RIFF"
    assert client.get("/dev/recordings/..%2Fsettings.py").status_code == 404
    assert client.get("/dev/recordings/RE1.mp3").status_code == 404


def test_dev_media_is_refused_beside_a_public_address(settings_env):
    with pytest.raises(SettingsError, match="DEV_MEDIA=on is for development only"):
        load_settings({**settings_env, **ON, "PUBLIC_BASE_URL": "https://lapor.example"}, ())


@pytest.mark.parametrize("url", ["http://127.0.0.1:5000/dev/recordings/RE1",
                                 "http://localhost:5000/dev/recordings/RE1"])
@responses.activate
def test_plain_http_from_loopback_only_with_dev_media(tmp_path, url):
    responses.get(url, body=SAMPLE.read_bytes(), content_type="audio/wav")
    with pytest.raises(PermanentError, match="not https"):
        MediaFetcher((), None, max_bytes=1 << 20).fetch(url, tmp_path / "a", AUDIO)
    kept = MediaFetcher((), None, max_bytes=1 << 20, loopback_http=True).fetch(
        url, tmp_path / "b", AUDIO)
    assert kept.path.read_bytes() == SAMPLE.read_bytes()


@pytest.mark.parametrize("url", ["http://10.0.0.5/dev/recordings/RE1",
                                 "http://api.twilio.com/2010-04-01/Recordings/RE1",
                                 "http://user:pw@127.0.0.1/dev/recordings/RE1"])
@responses.activate
def test_dev_media_allows_no_other_plain_http(tmp_path, url):
    fetcher = MediaFetcher(("api.twilio.com",), None, max_bytes=1 << 20, loopback_http=True)
    with pytest.raises(PermanentError, match="refused"):
        fetcher.fetch(url, tmp_path / "x", AUDIO)
    assert len(responses.calls) == 0


def test_a_simulated_call_leaves_a_recording_the_report_page_plays(
        settings_env, tmp_path, database, make_operators, client):
    settings_env.update(ON)
    with lapor_run(settings_env, tmp_path) as (port, env):
        done = subprocess.run(
            [str(BIN / "lapor"), "simulate", "call", "--from", "081200000001",
             "--keys", "1,1,3,2,1,rec,1"],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "a sample recording" in done.stdout
        worker = subprocess.run([str(BIN / "lapor"), "worker", "--once"], env=env,
                                cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert worker.returncode == 0, worker.stdout + worker.stderr
    with database.session() as session:
        (recording,) = session.query(models.Recording).all()
        assert recording.url.startswith(f"http://127.0.0.1:{port}/dev/recordings/RE")
        assert recording.local_path and recording.report_id is not None
    make_operators("pusdalops:command-center")
    login(client, "pusdalops")
    with client.get(f"/recordings/{recording.recording_sid}.wav") as played:
        assert played.status_code == 200 and played.data == SAMPLE.read_bytes()
