"""Golden conversations: scripted calls through signed Twilio webhooks, in every language.

Each script checks what the caller hears (the flow's own prompt texts) and the outcome in the
database. Every TwiML answer is validated by `parse_twiml`.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from gateway.reports.tickets import is_valid_ticket
from gateway.store import models
from ivr_flows.nodes import spoken_digits
from tests import factories
from tests.caller import Caller, parse_twiml, spoken

LANGUAGE_KEY = {"id": "1", "jv": "2", "en": "3"}
SAY_LANGUAGE = {"id": "id-ID", "jv": "id-ID", "en": "en-US"}
CALL_SID = "CA" + "a" * 32


@pytest.fixture
def hotline(flows):
    return flows["hotline"]


@pytest.fixture
def caller(signed_post):
    return Caller(signed_post, CALL_SID)


def fresh(db_session):
    db_session.rollback()  # a new snapshot: see what the webhooks committed
    return db_session


def reports(db_session):
    return fresh(db_session).scalars(select(models.Report).order_by(models.Report.id)).all()


def start_in(caller, hotline, language):
    root = caller.dial()
    assert hotline.text("id", "choose_language") in spoken(root)
    root = caller.press(LANGUAGE_KEY[language])
    assert hotline.text(language, "welcome") in caller.heard
    assert hotline.text(language, "main_menu") in caller.heard
    assert {s.attrib["language"] for s in root.iter("Say")} == {SAY_LANGUAGE[language]}
    return root


@pytest.mark.parametrize("language", ["id", "jv", "en"])
def test_new_report_in_every_language(caller, hotline, language, db_session, clock):
    start_in(caller, hotline, language)
    root = caller.press("1")
    assert hotline.text(language, "pick_category") in caller.heard
    label = hotline.nodes["pick_category"].options[0].labels[language]
    assert label[0].islower()  # a category name read mid-sentence
    assert hotline.text(language, "option", label=label, key="1") in caller.heard
    gather = root.find("Gather")
    assert gather.attrib["input"] == ("dtmf" if language == "jv" else "dtmf speech")
    caller.press("3")  # disaster -> BPBD
    assert hotline.text(language, "pick_kecamatan") in caller.heard
    caller.press("2")  # Bumiaji
    assert hotline.text(language, "pick_desa") in caller.heard
    assert hotline.text(language, "option", label="Sumberbrantas", key="9") in caller.heard
    caller.press("1")  # Punten
    assert hotline.text(language, "record_description") in caller.heard
    record = caller.element("Record")
    assert record.attrib["finishOnKey"] == "#" and record.attrib["playBeep"] == "true"
    assert record.attrib["trim"] == "trim-silence" and record.attrib["maxLength"] == "120"
    caller.record("RE" + "1" * 32, duration=17)
    assert hotline.text(language, "confirm_report",
                        category=hotline.name("category", "bencana", language),
                        area="Punten") in caller.heard
    caller.press("1")
    (report,) = reports(db_session)
    assert is_valid_ticket(report.ticket)
    assert hotline.text(language, "ticket_read", ticket=spoken_digits(report.ticket)) \
        in caller.heard
    assert (report.channel, report.language, report.reporter) == ("voice", language,
                                                                   "+6281234567890")
    assert (report.category_code, report.area_code, report.agency_code) == (
        "bencana", "35.79.02.2001", "BPBD")
    assert report.priority == "urgent" and report.status == "new"
    assert report.acknowledge_by - report.created_at == timedelta(hours=1)
    assert [r.recording_sid for r in report.recordings] == ["RE" + "1" * 32]
    sms = fresh(db_session).scalars(select(models.OutboxItem).where(
        models.OutboxItem.kind == "sms")).all()
    assert len(sms) == 1 and sms[0].payload["to"] == "+6281234567890"
    assert report.ticket in sms[0].payload["body"] and len(sms[0].payload["body"]) <= 160

    caller.press("1")  # hear the ticket again
    assert spoken_digits(report.ticket) in caller.heard
    root = caller.stay_silent()
    assert hotline.text(language, "goodbye") in caller.heard and root.find("Hangup") is not None


def test_category_by_speech_and_keypad_fallback(caller, hotline, db_session):
    start_in(caller, hotline, "id")
    root = caller.press("1")
    gather = root.find("Gather")
    assert gather.attrib["language"] == "id-ID" and "jalan" in gather.attrib["hints"]
    caller.say("jalannya berlubang besar", confidence=0.2)  # too unsure: keypad only
    assert hotline.text("id", "speech_unclear") in caller.heard
    assert caller.element("Gather").attrib["input"] == "dtmf"
    caller.press("5")
    caller.say("air pdam mati", confidence=0.9)
    assert hotline.text("id", "pick_kecamatan") in caller.heard
    caller.press("4")  # place not known
    caller.record("RE" + "2" * 32)
    caller.press("1")
    (report,) = reports(db_session)
    assert report.category_code == "air_bersih" and report.agency_code == "PERUMDA_AIR"
    assert report.area_code is None


def test_kecamatan_only_when_desa_unknown(caller, hotline, db_session):
    start_in(caller, hotline, "id")
    caller.press("1")
    caller.press("1")
    caller.press("3")  # Junrejo
    caller.press("*")  # desa not known
    caller.record("RE" + "3" * 32)
    assert hotline.text("id", "confirm_report", category=hotline.name("category", "jalan", "id"),
                        area="Junrejo") in caller.heard
    caller.press("1")
    (report,) = reports(db_session)
    assert report.area_code == "35.79.03"


def test_redo_recording_after_confirmation(caller, hotline, db_session):
    start_in(caller, hotline, "id")
    for key in ("1", "2", "1", "4"):
        caller.press(key)
    caller.record("RE" + "4" * 32)
    caller.press("2")  # record again
    assert hotline.text("id", "record_description") in caller.heard
    caller.record("RE" + "5" * 32)
    caller.press("1")
    (report,) = reports(db_session)
    assert report.area_code == "35.79.01.1004"  # Sisir
    assert "RE" + "5" * 32 in [r.recording_sid for r in report.recordings]


def test_silent_recording_still_files_the_report(caller, hotline, db_session):
    start_in(caller, hotline, "id")
    for key in ("1", "2", "4"):
        caller.press(key)
    caller.stay_silent()
    assert hotline.text("id", "record_empty") in caller.heard
    caller.stay_silent()
    assert hotline.text("id", "unknown_area") in caller.heard
    caller.press("1")
    (report,) = reports(db_session)
    assert report.category_code == "sampah" and report.recordings == []


def test_unknown_digit_replays_menu_then_gives_up(caller, hotline, db_session):
    start_in(caller, hotline, "id")
    for _ in range(2):
        root = caller.press("7")
        assert spoken(root).startswith(hotline.text("id", "invalid"))
        assert hotline.text("id", "main_menu") in caller.heard
    root = caller.press("7")
    assert hotline.text("id", "give_up") in caller.heard and root.find("Hangup") is not None
    assert reports(db_session) == []


def test_silence_is_reprompted_then_ends_politely(caller, hotline, db_session):
    start_in(caller, hotline, "en")
    for _ in range(2):
        root = caller.stay_silent()
        assert hotline.text("en", "no_input") in spoken(root)
    root = caller.stay_silent()
    assert root.find("Hangup") is not None and hotline.text("en", "give_up") in caller.heard


def test_silent_caller_at_language_question_continues_in_indonesian(caller, hotline):
    caller.dial()
    caller.stay_silent()
    assert hotline.text("id", "no_input") in caller.heard
    caller.stay_silent()
    assert hotline.text("id", "welcome") in caller.heard


def test_language_is_remembered_for_the_next_call(signed_post, hotline):
    first = Caller(signed_post, "CA" + "1" * 32)
    start_in(first, hotline, "jv")
    second = Caller(signed_post, "CA" + "2" * 32)
    root = second.dial()
    assert hotline.text("jv", "welcome") in spoken(root)
    assert hotline.text("id", "choose_language") not in spoken(root)


def test_status_check_catches_mistyped_ticket(caller, hotline, database, catalog, clock):
    ticket = factories.report(database, catalog, clock(), "sms", "+6289900001111",
                              category_code="sampah").ticket
    start_in(caller, hotline, "id")
    caller.press("2")
    assert hotline.text("id", "enter_ticket") in caller.heard
    assert caller.element("Gather").attrib["numDigits"] == "9"
    mistyped = ticket[:4] + str((int(ticket[4]) + 1) % 10) + ticket[5:]
    caller.press(mistyped + "#")
    assert hotline.text("id", "ticket_invalid") in caller.heard
    caller.press(ticket + "#")
    assert hotline.text("id", "status_found", ticket=spoken_digits(ticket),
                        status=hotline.text("id", "status_new"),
                        agency="Dinas Lingkungan Hidup") in caller.heard
    assert hotline.text("id", "after_status") in caller.heard


def test_status_of_unknown_ticket(caller, hotline):
    start_in(caller, hotline, "en")
    caller.press("2")
    unknown = "12345678" + "0"
    from gateway.reports.tickets import damm_digit
    unknown = unknown[:8] + damm_digit(unknown[:8])
    caller.press(unknown)
    assert hotline.text("en", "status_not_found", ticket=spoken_digits(unknown)) in caller.heard


def test_operator_queue_with_nobody_answering_takes_a_voice_message(caller, hotline, db_session):
    start_in(caller, hotline, "id")
    root = caller.press("0")
    assert hotline.text("id", "connecting") in caller.heard
    enqueue = root.find("Enqueue")
    assert enqueue.text == "command-center"
    hold = caller.wait_in_queue(30, position=2)
    assert hotline.text("id", "hold_position", position="2") in spoken(hold)
    assert hotline.text("id", "hold_apology") in spoken(hold) and hold.find("Pause") is not None
    assert caller.wait_in_queue(121).find("Leave") is not None
    caller.leave_queue("leave")
    assert hotline.text("id", "no_operator") in caller.heard
    caller.press("1")
    assert hotline.text("id", "voicemail") in caller.heard
    caller.record("RE" + "6" * 32, duration=30)
    (report,) = reports(db_session)
    assert report.agency_code is None and report.text == "Pesan suara untuk petugas"
    assert hotline.text("id", "ticket_read", ticket=spoken_digits(report.ticket)) in caller.heard


def test_operator_by_dial_for_platforms_without_queues(make_client, hotline):
    client = make_client(OPERATOR_HANDOFF="dial", OPERATOR_NUMBER="+62341512178",
                         SPEECH_INPUT="off")
    from twilio.request_validator import RequestValidator

    from tests.conftest import AUTH_TOKEN

    def post(path, data, base="http://localhost"):
        signature = RequestValidator(AUTH_TOKEN).compute_signature(base + path, data)
        return client.post(path, data=data, headers={"X-Twilio-Signature": signature})

    caller = Caller(post, "CA" + "d" * 32)
    caller.dial()
    caller.press("1")
    root = caller.press("0")
    assert root.find("Enqueue") is None
    assert root.find("Dial/Number").text == "+62341512178"
    caller.dial_ended("no-answer")
    assert hotline.text("id", "no_operator") in caller.heard
    caller.press("2")
    root = caller.press("1")
    assert "speech" not in root.find("Gather").attrib["input"]  # SPEECH_INPUT=off


def test_answered_operator_call_ends_politely(caller, hotline):
    start_in(caller, hotline, "id")
    caller.press("0")
    root = caller.leave_queue("bridged")
    assert hotline.text("id", "goodbye") in caller.heard and root.find("Hangup") is not None


def test_key_3_opens_the_farmers_line_and_star_comes_back(caller, hotline):
    start_in(caller, hotline, "en")
    caller.press("3")
    assert hotline.text("en", "farm_menu") in caller.heard
    assert hotline.text("en", "option", label=hotline.text("en", "farm_opt_library"),
                        key="1") in caller.heard
    caller.press("*")
    assert hotline.text("en", "main_menu") in caller.heard


def test_hang_up_mid_report_leaves_an_abandoned_report(caller, hotline, db_session):
    start_in(caller, hotline, "id")
    caller.press("1")
    caller.press("3")
    caller.press("1")
    assert caller.hang_up().status == 204
    (report,) = reports(db_session)
    assert report.status == "abandoned" and report.category_code == "bencana"
    assert report.area_code == "35.79.01" and report.agency_code == "BPBD"
    assert fresh(db_session).scalar(select(func.count()).select_from(models.OutboxItem)) == 0
    assert caller.hang_up().status == 204  # a repeated status callback files nothing more
    assert len(reports(db_session)) == 1


def test_hang_up_before_anything_useful_leaves_no_report(caller, hotline, db_session):
    start_in(caller, hotline, "id")
    caller.hang_up()
    assert reports(db_session) == []


def test_repeated_webhook_does_not_advance_twice(caller, signed_post, db_session):
    caller.dial()
    caller.press("1")
    action = caller.element("Gather").attrib["action"]
    first = signed_post(action, {**caller.params, "Digits": "9"})
    again = signed_post(action, {**caller.params, "Digits": "9"})
    assert first.data == again.data
    state = fresh(db_session).scalar(select(models.Call.state))
    assert state["retries"] == 1 and state["seq"] == 3


def test_delivery_that_loses_the_race_replays_the_winner(caller, signed_post, db_session,
                                                        monkeypatch):
    """Two requests for one turn (a key and the no-input redirect, say) read the call at the
    same turn; only the first to save moves it on, and the other hears what it said."""
    from gateway.voice import hotline

    caller.dial()
    caller.press("1")
    action = caller.element("Gather").attrib["action"]
    engine = hotline.advance
    other: list[bytes] = []

    def advance_after_the_other_delivery(*args, **kwargs):
        monkeypatch.setattr(hotline, "advance", engine)
        # The repeated delivery arrives, and is answered, while this one is working.
        other.append(signed_post(action, {**caller.params, "Digits": "9"}).data)
        return engine(*args, **kwargs)

    monkeypatch.setattr(hotline, "advance", advance_after_the_other_delivery)
    late = signed_post(action, {**caller.params, "Digits": "1"})
    assert late.data == other[0]
    row = fresh(db_session).execute(select(models.Call.state, models.Call.seq)).one()
    assert row.state["retries"] == 1 and row.state["seq"] == row.seq == 3


def test_a_turn_that_files_a_report_waits_for_the_lock_and_files_once(caller, signed_post,
                                                                      db_session, monkeypatch):
    """Two deliveries of the confirming key at once: one files the report with the call locked,
    the other finds the turn taken and replays its answer."""
    from gateway.voice import hotline

    caller.dial()
    for key in ("1", "1", "3", "2", "1"):
        caller.press(key)
    caller.record("RE" + "4" * 32)
    action = caller.element("Gather").attrib["action"]
    filing = hotline.file_report
    entered, go = threading.Event(), threading.Event()
    answers: dict[str, bytes] = {}

    def slow_filing(*args, **kwargs):
        entered.set()
        go.wait(10)
        return filing(*args, **kwargs)

    def deliver(name: str) -> None:
        answers[name] = signed_post(action, {**caller.params, "Digits": "1"}).data

    monkeypatch.setattr(hotline, "file_report", slow_filing)
    first = threading.Thread(target=deliver, args=("first",))
    first.start()
    assert entered.wait(10)
    monkeypatch.setattr(hotline, "file_report", filing)
    second = threading.Thread(target=deliver, args=("second",))
    second.start()
    second.join(0.5)
    assert second.is_alive()  # waiting for the first delivery's lock on the call
    go.set()
    first.join(10)
    second.join(10)
    assert answers["second"] == answers["first"] and b"<Say" in answers["first"]
    assert len(reports(db_session)) == 1


def test_repeated_incoming_call_webhook_answers_the_same(caller, signed_post, db_session):
    first = caller.dial()
    again = parse_twiml(signed_post("/twilio/voice", {**caller.params, "CallStatus": "ringing"}))
    assert spoken(first) == spoken(again)
    assert fresh(db_session).scalar(select(func.count()).select_from(models.Call)) == 1


def test_recording_callback_is_stored_and_queued_for_download(caller, hotline, db_session):
    start_in(caller, hotline, "id")
    for key in ("1", "4", "2", "5"):
        caller.press(key)
    sid = "RE" + "7" * 32
    assert caller.recording_completed(sid, duration=21).status == 204  # before the report
    caller.record(sid, duration=21)
    caller.press("1")
    (report,) = reports(db_session)
    (recording,) = report.recordings
    assert recording.status == "completed" and recording.duration_seconds == 21
    jobs = fresh(db_session).scalars(select(models.OutboxItem).where(
        models.OutboxItem.kind == "download_recording")).all()
    assert [j.payload["recording_sid"] for j in jobs] == [sid]
    caller.recording_completed(sid, duration=21)  # repeated callback: still one download
    assert fresh(db_session).scalar(select(func.count()).select_from(models.OutboxItem).where(
        models.OutboxItem.kind == "download_recording")) == 1


def test_failure_during_call_answers_apology_twiml(caller, monkeypatch, db_session):
    import gateway.voice.hotline as hotline

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug while filing")

    monkeypatch.setattr(hotline, "file_report", broken)
    caller.dial()
    for key in ("1", "1", "1", "4"):
        caller.press(key)
    caller.record("RE" + "8" * 32)
    root = caller.press("1")
    assert "Mohon maaf, sedang ada gangguan" in spoken(root)
    assert root.find("Hangup") is not None
    assert reports(db_session) == []


def test_step_for_unknown_call_answers_valid_twiml(signed_post):
    root = parse_twiml(signed_post("/twilio/voice/step?seq=1", {"CallSid": "CA" + "f" * 32}))
    assert root.find("Say") is not None and root.find("Hangup") is not None


def test_webhooks_keep_no_session_but_pages_do(signed_post, client):
    answer = signed_post("/twilio/voice", {"CallSid": "CA" + "5" * 32, "From": "+6281234567890",
                                           "To": "+62341512178"})
    assert answer.status_code == 200 and "Set-Cookie" not in answer.headers
    assert any(c.startswith("session=") for c in client.get("/login").headers.getlist("Set-Cookie"))


def test_two_first_deliveries_of_one_call_at_once_both_get_the_menu(signed_post, db_session):
    """Twilio may deliver the incoming-call webhook twice at the same moment: one makes the call
    row, the other waits for it (the unique CallSid) and answers what it said."""
    for attempt in range(5):
        params = {"CallSid": f"CA{attempt:032d}", "From": "+6281234567890",
                  "To": "+62341512178", "CallStatus": "ringing"}
        barrier = threading.Barrier(2)
        answers: list[bytes] = []

        def deliver(params=params, barrier=barrier, answers=answers) -> None:
            barrier.wait(10)
            answers.append(signed_post("/twilio/voice", params).data)

        threads = [threading.Thread(target=deliver) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(20)
        assert len(answers) == 2 and answers[0] == answers[1]
        assert b"Mohon maaf" not in answers[0] and b"<Gather" in answers[0]
    assert fresh(db_session).scalar(select(func.count()).select_from(models.Call)) == 5
