"""The first phone report, end to end through signed Twilio webhooks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from gateway import models
from gateway.tickets import is_valid_ticket
from ivr_flows.hotline import spoken_digits
from tests.webhooks.caller import Caller, parse_twiml, spoken

CALL_SID = "CA" + "a" * 32


@pytest.fixture
def caller(signed_post):
    return Caller(signed_post, CALL_SID)


def reports(db_session):
    db_session.rollback()  # a fresh snapshot: see what the webhooks committed
    return db_session.scalars(select(models.Report)).all()


def test_call_is_answered_in_indonesian_with_emergency_notice_and_keypad_menu(caller):
    root = caller.dial()
    says = root.findall("Say")
    assert says and says[0].attrib["language"] == "id-ID"
    assert "1 1 2" in says[0].text
    gather = root.find("Gather")
    assert gather.attrib["input"] == "dtmf" and gather.attrib["numDigits"] == "1"
    menu = spoken(gather)
    assert "Untuk jalan atau jembatan rusak, tekan 1." in menu
    assert "tekan 5" in menu and "tekan 6" not in menu
    assert root.find("Redirect").text.endswith("noinput=1")


def test_full_call_creates_routed_report_with_ticket_and_recording(caller, db_session, clock):
    caller.dial()
    root = caller.press("3")  # bencana -> BPBD
    record = root.find("Record")
    assert record.attrib["finishOnKey"] == "#" and record.attrib["playBeep"] == "true"
    assert record.attrib["trim"] == "trim-silence" and int(record.attrib["maxLength"]) <= 300
    assert record.attrib["recordingStatusCallback"] == "/twilio/voice/recording"
    assert "Setelah bunyi nada" in spoken(root)

    root = caller.record("RE" + "1" * 32, duration=17)
    (report,) = reports(db_session)
    assert is_valid_ticket(report.ticket)
    assert spoken_digits(report.ticket) in spoken(root)
    assert "laporan Anda sudah kami terima" in spoken(root)
    assert report.channel == "voice" and report.language == "id"
    assert report.reporter == "+6281234567890"
    assert report.category_code == "bencana" and report.agency_code == "BPBD"
    assert report.priority == "urgent" and report.status == "new"
    assert report.routing["rule"] == "category:bencana"
    assert report.created_at == clock.now
    assert report.acknowledge_by - report.created_at == timedelta(hours=1)
    assert report.resolve_by - report.created_at == timedelta(hours=24)
    assert [e.action for e in report.events] == ["created", "routed"]
    (recording,) = report.recordings
    assert recording.recording_sid == "RE" + "1" * 32 and recording.status == "in-progress"

    assert caller.recording_completed("RE" + "1" * 32, duration=17).status_code == 204
    db_session.rollback()
    recording = db_session.scalar(select(models.Recording))
    assert recording.status == "completed" and recording.duration_seconds == 17
    assert recording.report_id == report.id

    root = caller.press("1")
    assert spoken_digits(report.ticket) in spoken(root)
    root = caller.stay_silent()
    assert "Sampai jumpa" in spoken(root) and root.find("Hangup") is not None
    assert caller.hang_up().status_code == 204
    db_session.rollback()
    assert db_session.scalar(select(models.Call.status)) == "completed"


def test_unknown_digit_replays_menu(caller, db_session):
    caller.dial()
    root = caller.press("8")
    assert spoken(root).startswith("Maaf, pilihan itu tidak tersedia.")
    assert root.find("Gather") is not None
    root = caller.press("2")
    assert root.find("Record") is not None
    assert reports(db_session) == []


def test_silence_is_reprompted_then_ends_politely(caller, db_session):
    caller.dial()
    for _ in range(2):
        root = caller.stay_silent()
        assert "belum mendengar" in spoken(root) and root.find("Gather") is not None
    root = caller.stay_silent()
    assert root.find("Gather") is None and root.find("Hangup") is not None
    assert "hubungi kami kembali" in spoken(root)
    assert reports(db_session) == []


def test_repeated_webhook_does_not_advance_twice(caller, signed_post, db_session):
    caller.dial()
    action = caller.twiml.find("Gather").attrib["action"]
    first = signed_post(action, {**caller.params, "Digits": "9"})
    again = signed_post(action, {**caller.params, "Digits": "9"})
    assert first.data == again.data
    db_session.rollback()
    state = db_session.scalar(select(models.Call.state))
    assert state["retries"] == 1 and state["seq"] == 2


def test_repeated_incoming_call_webhook_answers_the_same(caller, signed_post, db_session):
    first = caller.dial()
    again = parse_twiml(signed_post("/twilio/voice", {**caller.params, "CallStatus": "ringing"}))
    assert spoken(first) == spoken(again)
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(models.Call)) == 1


def test_empty_recording_asks_again_then_files_category_only(caller, db_session):
    caller.dial()
    caller.press("1")
    root = caller.stay_silent()
    assert "tidak terdengar" in spoken(root) and root.find("Record") is not None
    root = caller.stay_silent()
    (report,) = reports(db_session)
    assert report.category_code == "jalan" and report.agency_code == "PUPR"
    assert report.recordings == []
    assert spoken_digits(report.ticket) in spoken(root)


def test_triage_category_goes_to_command_center(caller, db_session):
    caller.dial()
    caller.press("5")
    caller.record("RE" + "2" * 32)
    (report,) = reports(db_session)
    assert report.agency_code is None and report.category_code == "lainnya"


def test_withheld_number_still_gets_a_ticket(signed_post, db_session):
    caller = Caller(signed_post, "CA" + "b" * 32, from_number="anonymous")
    caller.dial()
    caller.press("2")
    caller.record("RE" + "3" * 32)
    (report,) = reports(db_session)
    assert report.reporter is None and is_valid_ticket(report.ticket)


def test_recording_callback_before_report_is_linked_when_report_is_filed(caller, db_session):
    caller.dial()
    caller.press("4")
    sid = "RE" + "4" * 32
    assert caller.recording_completed(sid).status_code == 204
    caller.record(sid)
    (report,) = reports(db_session)
    (recording,) = report.recordings
    assert recording.status == "completed" and recording.recording_sid == sid


def test_failure_during_call_answers_apology_twiml(caller, monkeypatch, db_session):
    import gateway.webhooks.voice as voice

    def broken(*_args, **_kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(voice, "submit_report", broken)
    caller.dial()
    caller.press("1")
    root = caller.record("RE" + "5" * 32)
    assert "Mohon maaf, sedang ada gangguan" in spoken(root)
    assert root.find("Hangup") is not None
    assert reports(db_session) == []


def test_step_for_unknown_call_answers_valid_twiml(signed_post):
    root = parse_twiml(signed_post("/twilio/voice/step?seq=1", {"CallSid": "CA" + "f" * 32}))
    assert root.find("Say") is not None and root.find("Hangup") is not None
