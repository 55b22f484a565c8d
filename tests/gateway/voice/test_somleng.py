"""The hotline on Somleng: only TwiML its interpreter executes, absolute URLs, every prompt from
audio, and its own callback parameters (`gateway.voice.somleng_simulator`).

The verbs, attributes and nesting below were read in somleng/somleng-switch at commit
3442ba844915eb1ae16461f06ef4fb0a8a7a8a85 (2026-04-14), `components/app/app/`:
`workflows/execute_twiml.rb` (the verbs), `models/twiml/*_verb.rb` (the attributes each reads),
`workflows/execute_*.rb` (what each does with them).
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
import responses
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from gateway.app import create_app
from gateway.settings import SettingsError, load_settings
from gateway.store import models
from gateway.voice import twiml
from gateway.voice.flows import load_flows
from gateway.voice.prompts import build_prompts, library_for, prompt_texts
from gateway.voice.simulator import Reply
from gateway.voice.somleng_simulator import SomlengCallSimulator
from ivr_flows.engine import advance
from ivr_flows.steps import CallState, Digits, NoInput, StatusFound, SubmitReport, Submitted
from tests import factories
from tests.conftest import AUTH_TOKEN
from tests.gateway.voice.test_prompts import fake_renderer, needs_espeak

SOMLENG_VERBS: dict[str, set[str]] = {
    "Play": {"loop"},  # models/twiml/play_verb.rb
    "Gather": {"action", "method", "timeout", "numDigits", "finishOnKey",
               "actionOnEmptyResult"},  # models/twiml/gather_verb.rb
    "Redirect": {"method"},  # models/twiml/redirect_verb.rb
    "Say": {"voice", "language", "loop"},  # models/twiml/say_verb.rb
    "Dial": {"action", "method", "callerId", "timeout"},  # models/twiml/dial_verb.rb
    "Number": set(),  # dial_verb.rb: VALID_NOUNS = %w[Number Sip]
    "Record": {"action", "method", "recordingStatusCallback", "recordingStatusCallbackMethod",
               "maxLength", "timeout", "playBeep", "finishOnKey"},  # models/twiml/record_verb.rb
    "Hangup": set(),  # workflows/execute_twiml.rb
}
NESTED = {"Gather": {"Say", "Play"}, "Dial": {"Number"}}  # gather_verb.rb, dial_verb.rb
URL_ATTRIBUTES = ("action", "recordingStatusCallback")
PUBLIC = "https://lapor.batukota.go.id"
ACCOUNT = str(uuid.UUID(int=7))
SOMLENG = {"VOICE_PLATFORM": "somleng", "OPERATOR_HANDOFF": "dial",
           "OPERATOR_NUMBER": "+62341512100", "PUBLIC_BASE_URL": PUBLIC,
           "TWILIO_ACCOUNT_SID": ACCOUNT, "MEDIA_ALLOWED_HOSTS": "api.somleng.org,*.amazonaws.com"}
LANGUAGE_KEY = {"id": "1", "jv": "2", "en": "3"}


def check_somleng(root: ET.Element, say_allowed: bool = False) -> None:
    """Only what Somleng executes, every URL absolute on the public address, no <Say>."""
    assert root.tag == "Response"
    for parent in root.iter():
        for child in parent:
            if parent is not root:
                assert child.tag in NESTED.get(parent.tag, set()), \
                    f"<{child.tag}> inside <{parent.tag}>"
    for element in root.iter():
        if element is root:
            continue
        assert element.tag in SOMLENG_VERBS, f"<{element.tag}> is not a Somleng verb"
        assert set(element.attrib) <= SOMLENG_VERBS[element.tag], (element.tag, element.attrib)
        urls = [element.attrib[a] for a in URL_ATTRIBUTES if a in element.attrib]
        if element.tag in ("Play", "Redirect"):
            urls.append((element.text or "").strip())
        for url in urls:
            assert url.startswith(PUBLIC + "/"), f"<{element.tag}> URL {url!r} is not absolute"
    if not say_allowed:
        assert root.find(".//Say") is None, ET.tostring(root)


@pytest.fixture
def somleng_env(settings_env):
    return {**settings_env, **SOMLENG}


@pytest.fixture
def library(somleng_env):
    settings = load_settings(somleng_env, ())
    return library_for(settings.INSTANCE_DIR, settings.CONFIG_DIR)


@pytest.fixture
def built(library, flows):
    """Every prompt and clip rendered (by a stand-in for espeak-ng: the files only exist)."""
    build_prompts(flows.values(), library, fake_renderer([]))
    return library


@pytest.fixture
def somleng(somleng_env, runtime, built):
    """A gateway in Somleng mode, and a function that makes a caller of it."""
    settings = load_settings(somleng_env, ())
    rt = replace(runtime, settings=settings, prompt_url=built.url,
                 flows=load_flows(runtime.catalog, speech=settings.listens_to_speech))
    client = create_app(runtime=rt).test_client()
    validator = RequestValidator(AUTH_TOKEN)

    def post(path: str, data):
        signature = validator.compute_signature(PUBLIC + path, dict(data))
        response = client.post(path, data=dict(data), headers={"X-Twilio-Signature": signature})
        if response.mimetype == "text/xml":
            check_somleng(ET.fromstring(response.data))
        return Reply(response.status_code, response.mimetype, response.data)

    def caller(number: str = "+6281234567890") -> SomlengCallSimulator:
        return SomlengCallSimulator(post, from_number=number, account_sid=ACCOUNT)

    return rt, client, caller


def heard(root: ET.Element, library, flows) -> str:
    """The words of the clips a Somleng caller hears, in order."""
    texts = prompt_texts(flows.values(), library)
    played = [texts[urlsplit(p.text or "").path] for p in root.iter("Play")
              if not (p.text or "").endswith("/silence.wav")]
    return " ".join(played)


def reports(database):
    with database.session() as session:
        return session.scalars(select(models.Report).order_by(models.Report.id)).all()


def recording_rows(database):
    with database.session() as session:
        return session.scalars(select(models.Recording)).all()


@pytest.mark.parametrize("language", ["id", "jv", "en"])
def test_a_scripted_call_files_a_report_with_its_recording_from_audio_alone(
        somleng, built, flows, database, language):
    rt, _client, make_caller = somleng
    hotline = flows["hotline"]
    caller = make_caller()
    root = caller.dial()
    assert hotline.text("id", "choose_language") in heard(root, built, flows)
    caller.press(LANGUAGE_KEY[language])
    caller.press("1")
    gather = caller.element("Gather")
    assert gather.attrib["actionOnEmptyResult"] == "true" and "input" not in gather.attrib
    caller.press("3")  # disaster -> BPBD
    caller.press("2")  # Bumiaji
    caller.press("1")  # Punten
    record = caller.element("Record")
    assert record.attrib["recordingStatusCallback"] == f"{PUBLIC}/twilio/voice/recording"
    recording_id = str(uuid.uuid4())
    root = caller.record(recording_id, duration=17)
    confirm = heard(root, built, flows)
    assert hotline.name("category", "bencana", language) in confirm and "Punten" in confirm
    root = caller.press("1")
    (report,) = reports(database)
    assert report.agency_code == "BPBD" and report.channel == "voice"
    words = {"id": "satu", "jv": "setunggal", "en": "one"}
    spoken_ticket = heard(root, built, flows)
    assert spoken_ticket.count(hotline.text(language, f"digit_{report.ticket[0]}")) >= 1
    assert words[language] in spoken_ticket or "1" not in report.ticket
    (row,) = recording_rows(database)
    assert row.recording_sid == recording_id and row.report_id == report.id
    assert row.url == caller.recording_url(recording_id)
    assert caller.recording_completed(recording_id, duration=17).status == 204
    assert caller.hang_up().status == 204
    (row,) = recording_rows(database)
    assert row.status == "completed" and row.duration_seconds == 17
    with database.session() as session:
        call = session.scalars(select(models.Call)).one()
        jobs = session.scalars(select(models.OutboxItem.kind)).all()
    assert call.status == "completed" and "download_recording" in jobs


def test_the_voicemail_path_files_its_recording_and_dial_statuses_are_understood(
        somleng, built, flows, database):
    rt, _client, make_caller = somleng
    hotline = flows["hotline"]
    caller = make_caller()
    caller.dial()
    caller.press("1")
    root = caller.press("0")
    dial = root.find("Dial")
    assert dial is not None and dial.find("Number").text == "+62341512100"
    assert dial.attrib["action"].startswith(f"{PUBLIC}/twilio/voice/step?")
    root = caller.dial_ended("no-answer")
    assert hotline.text("id", "no_operator") in heard(root, built, flows)
    caller.press("1")
    recording_id = str(uuid.uuid4())
    caller.record(recording_id, duration=30)
    (report,) = reports(database)
    assert report.text == "Pesan suara untuk petugas"
    (row,) = recording_rows(database)
    assert (row.recording_sid, row.report_id) == (recording_id, report.id)

    other = make_caller("+6281234567891")
    other.dial()
    other.press("1")
    other.press("0")
    root = other.dial_ended("completed")
    assert root.find("Hangup") is not None  # the operator took the call and it is over


def test_silence_posts_without_digits_and_is_prompted_again(somleng, built, flows):
    _rt, _client, make_caller = somleng
    hotline = flows["hotline"]
    caller = make_caller()
    caller.dial()
    caller.press("1")
    root = caller.stay_silent()
    assert hotline.text("id", "no_input") in heard(root, built, flows)
    assert hotline.text("id", "main_menu") in heard(root, built, flows)


def test_status_lookup_speaks_ticket_status_and_agency_from_clips(somleng, built, flows,
                                                                  database, catalog, clock):
    _rt, _client, make_caller = somleng
    hotline = flows["hotline"]
    ticket = factories.report(database, catalog, clock(), "sms", "+6289900001111",
                              category_code="sampah").ticket
    caller = make_caller()
    caller.dial()
    caller.press("2")  # Javanese
    caller.press("2")
    root = caller.press(ticket + "#")
    said = heard(root, built, flows)
    assert hotline.text("jv", "status_new") in said
    assert "Dinas Lingkungan Hidup" in said
    assert hotline.text("jv", f"digit_{ticket[-1]}") in said
    assert root.find(".//Play[@loop='1']") is not None  # the pause between digit groups


def test_every_turn_of_every_node_in_every_language_is_somleng_twiml(somleng_env, catalog,
                                                                     built):
    settings = load_settings(somleng_env, ())
    hotline = load_flows(catalog, speech=settings.listens_to_speech)["hotline"]
    urls = twiml.Urls(PUBLIC, f"{PUBLIC}/twilio/voice/step?seq=1",
                      f"{PUBLIC}/twilio/voice/recording", f"{PUBLIC}/twilio/voice/hold")
    answers = {"category": "jalan", "area": "35.79.02.2005", "ticket": "123456785"}
    rendered = 0
    for node_id in hotline.nodes:
        for language in hotline.languages:
            state = CallState(node=node_id, language=language, answers=answers)
            for event in (NoInput(), Digits("9"), Digits("1"), Digits("2"), Digits("123456785")):
                turn = advance(hotline, state, event)
                steps = turn.steps
                while turn.action is not None:
                    result = (Submitted("123456785") if isinstance(turn.action, SubmitReport)
                              else StatusFound(True, "in_progress", "PUPR"))
                    turn = advance(hotline, turn.state, result)
                    steps += turn.steps
                xml = twiml.render(steps, urls, settings, built.url)
                check_somleng(ET.fromstring(xml))
                rendered += 1
    check_somleng(ET.fromstring(twiml.apology(settings, PUBLIC, built.url)))
    assert rendered == len(hotline.nodes) * 3 * 5


def test_without_built_prompts_somleng_falls_back_to_say_without_a_provider_voice(
        somleng_env, flows):
    settings = load_settings(somleng_env, ())
    xml = twiml.apology(settings, PUBLIC)
    root = ET.fromstring(xml)
    check_somleng(root, say_allowed=True)
    assert "voice" not in root.find("Say").attrib


def test_somleng_settings_need_dial_and_audio(settings_env):
    with pytest.raises(SettingsError) as caught:
        load_settings({**settings_env, "VOICE_PLATFORM": "somleng"}, ())
    assert "OPERATOR_HANDOFF=dial" in str(caught.value)
    with pytest.raises(SettingsError) as caught:
        load_settings({**settings_env, **SOMLENG, "VOICE_PROMPTS": "say"}, ())
    assert "VOICE_PROMPTS=auto" in str(caught.value)


@responses.activate
def test_the_worker_downloads_a_somleng_recording_through_its_storage_redirect(
        somleng, database):
    rt, _client, make_caller = somleng
    caller = make_caller()
    for key in ("", "1", "1", "3", "2", "1"):
        caller.press(key) if key else caller.dial()
    recording_id = str(uuid.uuid4())
    caller.record(recording_id)
    caller.press("1")
    caller.recording_completed(recording_id)
    storage = "https://somleng-recordings.s3.ap-southeast-1.amazonaws.com/r.wav?X-Amz-Sig=1"
    responses.get(caller.recording_url(recording_id) + ".wav", status=302,
                  headers={"Location": storage})
    responses.get(storage, body=b"RIFF....WAVEfmt ", content_type="audio/wav")
    factories.worker(rt).run_once()
    (row,) = recording_rows(database)
    assert row.local_path and row.local_path.endswith(".wav")
    assert "Authorization" not in responses.calls[1].request.headers  # not sent to storage


@needs_espeak
def test_with_prompts_rendered_by_espeak_a_javanese_call_hears_no_say(somleng_env, runtime,
                                                                     flows, library, database):
    build_prompts(flows.values(), library)  # the real espeak-ng voice, every prompt and clip
    settings = load_settings(somleng_env, ())
    rt = replace(runtime, settings=settings, prompt_url=library.url,
                 flows=load_flows(runtime.catalog, speech=settings.listens_to_speech))
    client = create_app(runtime=rt).test_client()
    validator = RequestValidator(AUTH_TOKEN)
    answers: list[ET.Element] = []

    def post(path: str, data):
        signature = validator.compute_signature(PUBLIC + path, dict(data))
        response = client.post(path, data=dict(data), headers={"X-Twilio-Signature": signature})
        if response.mimetype == "text/xml":
            answers.append(ET.fromstring(response.data))
        return Reply(response.status_code, response.mimetype, response.data)

    caller = SomlengCallSimulator(post, account_sid=ACCOUNT)
    caller.dial()
    for token in ("2", "1", "4", "2", "9", "rec", "1", "1"):  # farming pest in Sumberbrantas
        caller.act(token)
    (report,) = reports(database)
    assert report.category_code == "pertanian" and report.language == "jv"
    for root in answers:
        check_somleng(root)
    played = {urlsplit(p.text or "").path for root in answers for p in root.iter("Play")}
    assert len(played) >= 30
    for path in sorted(played)[:5]:
        audio = client.get(path)
        assert audio.status_code == 200 and audio.data[:4] == b"RIFF"
        audio.close()


def test_on_twilio_too_a_ticket_is_played_from_clips_once_they_exist(settings, flows, built):
    hotline = flows["hotline"]
    state = CallState(node="read_ticket", language="en", answers={"ticket": "123456785"})
    steps = hotline.nodes["read_ticket"].enter(hotline, state).steps
    urls = twiml.Urls("http://localhost", "http://localhost/twilio/voice/step?seq=1",
                      "http://localhost/twilio/voice/recording", "http://localhost/twilio/hold")
    root = ET.fromstring(twiml.render(steps, urls, settings, built.url))
    assert root.find(".//Say") is None
    assert len(root.findall(".//Pause")) == 2 and len(root.findall(".//Play")) >= 11
