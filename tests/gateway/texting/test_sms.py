"""Text intake over Twilio SMS and WhatsApp: every grammar path, conversations, duplicates,
opt-out, notifications at each status change and the rating. Replies are read from the outbox."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from gateway.reports.tickets import is_valid_ticket
from gateway.store import models
from sms.replies import reply
from sms.segments import count_segments
from tests import factories

SENDER = "+6281234567890"
_sids = itertools.count(1)


@pytest.fixture
def text(signed_post):
    """Send a text as Twilio would; returns the parsed (empty) TwiML answer."""

    def send(body: str, sender: str = SENDER, sid: str = "", **extra: str) -> ET.Element:
        form = {"MessageSid": sid or f"SM{next(_sids):032x}", "AccountSid": "AC" + "0" * 32,
                "From": sender, "To": "+62341512178", "Body": body, "NumMedia": "0", **extra}
        response = signed_post("/twilio/sms", form)
        assert response.status_code == 200 and response.mimetype == "text/xml"
        root = ET.fromstring(response.data)
        assert root.tag == "Response" and len(root) == 0
        return root

    return send


def outbox(db_session, to: str = SENDER) -> list[str]:
    db_session.rollback()
    items = db_session.scalars(select(models.OutboxItem).where(models.OutboxItem.kind == "sms")
                               .order_by(models.OutboxItem.id)).all()
    return [i.payload["body"] for i in items if i.payload["to"] == to]


def reports(db_session) -> list[models.Report]:
    db_session.rollback()
    return db_session.scalars(select(models.Report).order_by(models.Report.id)).all()


def test_report_with_place_gets_ticket_at_once(text, db_session):
    text("LAPOR jalan berlubang besar di Punten dekat SD")
    (report,) = reports(db_session)
    assert is_valid_ticket(report.ticket) and report.channel == "sms"
    assert report.area_code == "35.79.02.2001" and report.reporter == SENDER
    assert report.text == "jalan berlubang besar di Punten dekat SD"
    assert outbox(db_session) == [reply("received", "id", ticket=report.ticket)]


def test_free_text_without_place_asks_kecamatan_then_desa(text, db_session):
    text("sampah numpuk sudah seminggu tidak diangkut")
    (report,) = reports(db_session)
    assert report.area_code is None
    assert outbox(db_session) == [reply("ask_place", "id", ticket=report.ticket)]
    text("2")  # Bumiaji
    asked = outbox(db_session)[-1]
    assert asked.startswith("Desa/kelurahan di Kec. Bumiaji? Balas angka: 1 Punten")
    text("9")
    (report,) = reports(db_session)
    assert report.area_code == "35.79.02.2009"
    assert outbox(db_session)[-1] == reply("place_noted", "id", ticket=report.ticket,
                                           place="Sumberbrantas")


def test_place_answered_by_name_with_a_misspelling(text, db_session):
    text("pohon tumbang menutup jalan")
    text("desa sumber berantas")
    (report,) = reports(db_session)
    assert report.area_code == "35.79.02.2009"


def test_unknown_place_is_asked_again_then_filed_as_is(text, db_session):
    text("lampu jalan mati semua")
    text("dekat alun-alun")
    assert outbox(db_session)[-1] == reply("place_unknown", "id")
    text("pokoknya di situ")
    text("ya di sana")
    (report,) = reports(db_session)
    assert report.area_code is None
    assert outbox(db_session)[-1] == reply("received", "id", ticket=report.ticket)
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(models.Conversation)) == 0


def test_zero_means_place_not_known(text, db_session):
    text("air pdam mati")
    text("3")  # Junrejo
    text("0")  # desa not known: the kecamatan is kept
    (report,) = reports(db_session)
    assert report.area_code == "35.79.03"


def test_expired_conversation_leaves_the_report_as_filed(text, db_session, clock):
    text("jalan rusak parah")
    clock.advance(minutes=31)
    text("Punten")  # too late to be an answer: a new report of its own
    first, second = reports(db_session)
    assert first.area_code is None and second.area_code == "35.79.02.2001"


def test_keyword_ends_the_open_conversation_cleanly(text, db_session):
    text("got sampah")
    (report,) = reports(db_session)
    text(f"CEK {report.ticket}")
    assert outbox(db_session)[-1].startswith(f"Laporan {report.ticket}: sudah diterima")
    text("Punten")  # after a keyword, free text is a new report, not an answer
    first, second = reports(db_session)
    assert first.area_code is None and second.area_code == "35.79.02.2001"


def test_check_status_and_bad_or_unknown_tickets(text, db_session):
    text("LAPOR jalan rusak di Sisir")
    (report,) = reports(db_session)
    text(f"cek {report.ticket[:3]} {report.ticket[3:6]} {report.ticket[6:]}")
    assert outbox(db_session)[-1] == reply(
        "status", "id", ticket=report.ticket, status="sudah diterima, menunggu diperiksa petugas",
        agency="Dinas Pekerjaan Umum dan Penataan Ruang")
    text("CEK 12345")
    assert outbox(db_session)[-1] == reply("bad_ticket", "id")
    wrong = report.ticket[:-1] + str((int(report.ticket[-1]) + 1) % 10)
    text(f"STATUS {wrong}")
    assert outbox(db_session)[-1] == reply("bad_ticket", "id")  # check digit caught
    from gateway.reports.tickets import damm_digit
    unknown = "98765432" + damm_digit("98765432")
    text(f"cek {unknown}")
    assert outbox(db_session)[-1] == reply("not_found", "id", ticket=unknown)


def test_reporter_cancels_own_report_only(text, db_session):
    text("LAPOR sampah di Temas")
    (report,) = reports(db_session)
    other = "+6289999999999"
    text(f"BATAL {report.ticket}", sender=other)
    assert outbox(db_session, other)[-1] == reply("cannot_cancel", "id", ticket=report.ticket)
    assert reports(db_session)[0].status == "new"
    text(f"batal {report.ticket}")
    assert reports(db_session)[0].status == "cancelled"
    assert outbox(db_session)[-1] == reply("cancelled", "id", ticket=report.ticket)


def test_help_in_three_languages(text, db_session):
    text("INFO")
    text("HELP", sender="+6282222222222")
    assert outbox(db_session) == [reply("help", "id")]
    assert outbox(db_session, "+6282222222222") == [reply("help", "en")]


def test_javanese_report_gets_javanese_reply(text, db_session):
    text("dalan rusak wonten Punten, nyuwun tulung dipundandosi")
    (report,) = reports(db_session)
    assert report.language == "jv"
    assert outbox(db_session) == [reply("received", "jv", ticket=report.ticket)]


def test_opted_out_reporter_gets_the_ticket_but_no_updates(text, db_session, database, catalog,
                                                           clock):
    text("LAPOR jalan rusak di Beji")
    text("STOP")
    assert outbox(db_session)[-1] == reply("stopped", "id")
    before = len(outbox(db_session))
    text("info")  # not a report: nothing goes to a number that sent STOP
    assert len(outbox(db_session)) == before
    text("LAPOR sampah di Beji")  # a new report is answered with its ticket all the same
    (first, second) = reports(db_session)
    assert outbox(db_session)[before:] == [reply("received", "id", ticket=second.ticket),
                                           reply("updates_off", "id")]
    before = len(outbox(db_session))
    for report in (first, second):
        factories.set_status(database, catalog, report.id, "in_progress", "operator:pusdalops",
                             clock())
    assert len(outbox(db_session)) == before  # status changes stay held back
    text("MULAI")
    assert outbox(db_session)[-1] == reply("started", "id")


@pytest.mark.parametrize(("language", "body"), [
    ("en", "the garbage has piled up for a week, please help"),
    ("jv", "sampah numpuk sampun seminggu, nyuwun tulung"),
])
def test_place_follow_ups_stay_in_the_reporters_language(text, db_session, language, body):
    text(body)
    (report,) = reports(db_session)
    assert report.language == language
    assert outbox(db_session) == [reply("ask_place", language, ticket=report.ticket)]
    text("2")  # Bumiaji: a bare number carries no language of its own
    opening = reply("ask_desa", language, kecamatan="Bumiaji", choices="|").split("|")[0]
    assert outbox(db_session)[-1].startswith(opening + "1 Punten")
    text("9")
    assert outbox(db_session)[-1] == reply("place_noted", language, ticket=report.ticket,
                                           place="Sumberbrantas")


def test_duplicate_message_sid_is_processed_once(text, db_session):
    text("LAPOR jalan rusak di Pendem", sid="SM" + "d" * 32)
    text("LAPOR jalan rusak di Pendem", sid="SM" + "d" * 32)
    assert len(reports(db_session)) == 1 and len(outbox(db_session)) == 1
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(models.Message)) == 1


@pytest.mark.parametrize("body", ["", "   ", "😀🙏😀", "..."])
def test_empty_or_emoji_only_gets_a_helpful_reply(text, db_session, body):
    text(body)
    assert outbox(db_session) == [reply("empty", "id")] and reports(db_session) == []


def test_very_long_body_is_filed_and_the_reply_stays_short(text, db_session):
    text("LAPOR " + "jalan rusak parah di Punten " * 100)
    (report,) = reports(db_session)
    assert len(report.text) <= 2000 and len(outbox(db_session)[0]) <= 160


def test_whatsapp_report_with_photo(text, db_session):
    text("jalan longsor di Tulungrejo", sender="whatsapp:+6281234567890", NumMedia="1",
         MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC0/Messages/MM1/Media/ME1",
         MediaContentType0="image/jpeg")
    (report,) = reports(db_session)
    assert report.channel == "whatsapp" and report.reporter == SENDER
    db_session.rollback()
    jobs = db_session.scalars(select(models.OutboxItem).order_by(models.OutboxItem.id)).all()
    assert [j.kind for j in jobs] == ["download_media", "sms"]
    assert jobs[1].payload["channel"] == "whatsapp"


def test_unsupported_media_gets_a_clear_reply(text, db_session):
    text("", NumMedia="1", MediaUrl0="https://api.twilio.com/x/ME2",
         MediaContentType0="audio/amr")
    assert outbox(db_session) == [reply("media_unsupported", "id")]


def test_unreadable_sender_is_stored_not_answered(text, db_session):
    text("LAPOR halo", sender="not-a-number")
    db_session.rollback()
    assert db_session.scalar(select(func.count()).select_from(models.Message)) == 1
    assert db_session.scalar(select(func.count()).select_from(models.OutboxItem)) == 0


PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"


def held(db_session, to: str = SENDER) -> list[tuple[str, object]]:
    """The status texts still held back, with when they go."""
    db_session.rollback()
    return [(i.payload["body"], i.next_attempt_at) for i in db_session.scalars(
        select(models.OutboxItem).order_by(models.OutboxItem.id))
        if i.payload["to"] == to and i.payload.get("notice") == "status"]


def test_each_meaningful_step_texts_the_reporter_and_resolution_asks_a_rating(
    text, db_session, database, catalog, clock
):
    text("LAPOR jalan rusak di Ngaglik")
    (report,) = reports(db_session)
    factories.set_status(database, catalog, report.id, "verified", "operator:pusdalops", clock())
    assert len(outbox(db_session)) == 1  # checked by the command center: not a step to tell
    factories.forward(database, catalog, report.id, "PUPR", "operator:pusdalops", clock())
    clock.advance(minutes=10)
    factories.set_status(database, catalog, report.id, "in_progress", "operator:pupr", clock())
    clock.advance(hours=5)
    factories.set_status(database, catalog, report.id, "resolved", "operator:pupr", clock(),
                         reason="Lubang sudah ditambal")
    assert outbox(db_session)[1:] == [
        reply("forwarded", "id", ticket=report.ticket, agency=PUPR),
        reply("in_progress", "id", ticket=report.ticket, agency=PUPR),
        reply("resolved_note", "id", ticket=report.ticket, agency=PUPR,
              note="Lubang sudah ditambal.")]
    assert "DLH" not in " ".join(outbox(db_session)) and "PUPR" not in outbox(db_session)[1]
    text("5")
    db_session.rollback()
    assert db_session.get(models.Report, report.id).rating == 5
    assert outbox(db_session)[-1] == reply("rated", "id")


def test_changes_minutes_apart_go_out_as_one_text(text, db_session, database, catalog, clock):
    text("LAPOR sampah menumpuk di Ngaglik")
    (report,) = reports(db_session)
    started = clock()
    factories.forward(database, catalog, report.id, "PUPR", "operator:pusdalops", clock())
    clock.advance(minutes=1)
    factories.forward(database, catalog, report.id, "DLH", "operator:pusdalops", clock())
    assert held(db_session) == [
        (reply("forwarded", "id", ticket=report.ticket, agency="Dinas Lingkungan Hidup"),
         clock() + timedelta(minutes=3))]  # one text, naming where it stands now
    clock.advance(minutes=1)
    factories.forward(database, catalog, report.id, None, "operator:pusdalops", clock())
    assert held(db_session) == []  # back to triage: nothing stands to be told
    assert started < clock()


def test_a_long_resolution_note_is_shortened_to_two_parts(text, db_session, database, catalog,
                                                          clock):
    text("LAPOR jalan rusak di Ngaglik")
    (report,) = reports(db_session)
    note = "Lubang di depan SDN Ngaglik 01 sudah ditambal dengan aspal oleh tim UPT " * 4
    factories.set_status(database, catalog, report.id, "resolved", "operator:pusdalops", clock(),
                         reason=note)
    sent = outbox(db_session)[-1]
    assert count_segments(sent).count == 2 and " ... Mohon nilai layanan kami" in sent


def test_a_javanese_reporter_is_thanked_for_the_rating_in_javanese(text, db_session, database,
                                                                  catalog, clock):
    text("dalan rusak wonten Punten, nyuwun tulung dipundandosi")
    (report,) = reports(db_session)
    factories.set_status(database, catalog, report.id, "resolved", "operator:pusdalops", clock())
    assert outbox(db_session)[-1] == reply("resolved", "jv", ticket=report.ticket)
    text("4")
    assert outbox(db_session)[-1] == reply("rated", "jv")


def test_words_of_danger_file_the_report_urgent_and_say_why(text, db_session):
    text("Lampu jalan mati di Temas, kabelnya putus, bahaya!")
    (report,) = reports(db_session)
    assert (report.agency_code, report.priority) == ("PUPR", "urgent")
    assert report.acknowledge_by - report.created_at == timedelta(hours=1)
    raised = db_session.scalars(select(models.ReportEvent).where(
        models.ReportEvent.report_id == report.id, models.ReportEvent.action == "priority")).one()
    assert raised.detail == {"from": "low", "to": "urgent", "words": ["bahaya", "putus"],
                             "reason": "kata bahaya: bahaya, putus"}
    text("LAPOR jalan berlubang di Sisir, tidak bahaya", sender="+6285555555555")
    calm = reports(db_session)[-1]
    assert calm.priority == "normal"
    assert calm.acknowledge_by - calm.created_at == timedelta(hours=24)


def test_danger_in_a_duplicate_raises_its_open_report(text, db_session):
    text("LAPOR jalan berlubang besar di Punten")
    text("LAPOR jalan di Punten berlubang, sudah ada yang jatuh luka", sender="+6285555555555")
    first, second = reports(db_session)
    assert second.parent_id == first.id
    assert first.priority == "high"


def test_rejection_tells_the_reason(text, db_session, database, catalog, clock):
    text("LAPOR listrik padam di Beji")
    (report,) = reports(db_session)
    factories.set_status(database, catalog, report.id, "rejected", "operator:pusdalops", clock(),
                         reason="listrik urusan PLN, hubungi 123")
    assert outbox(db_session)[-1] == reply("rejected", "id", ticket=report.ticket,
                                           reason="listrik urusan PLN, hubungi 123.")


def test_delivery_status_callback_updates_the_message(signed_post, database, clock, db_session):
    with database.session() as session:
        session.add(models.Message(direction="out", provider="twilio", provider_id="SM" + "e" * 32,
                                   channel="sms", to_number=SENDER, body="x", status="queued",
                                   created_at=clock(), updated_at=clock()))
    response = signed_post("/twilio/sms/status", {"MessageSid": "SM" + "e" * 32,
                                                  "MessageStatus": "undelivered",
                                                  "ErrorCode": "30003"})
    assert response.status_code == 204
    db_session.rollback()
    message = db_session.scalar(select(models.Message))
    assert (message.status, message.error_code) == ("undelivered", "30003")


def test_a_late_status_never_moves_a_message_back(signed_post, database, clock, db_session):
    with database.session() as session:
        session.add(models.Message(direction="out", provider="twilio", provider_id="SM" + "f" * 32,
                                   channel="sms", to_number=SENDER, body="x", status="sending",
                                   created_at=clock(), updated_at=clock()))
    for status in ("sent", "delivered", "sent", "queued", "sending"):  # callbacks out of order
        assert signed_post("/twilio/sms/status", {"MessageSid": "SM" + "f" * 32,
                                                  "MessageStatus": status}).status_code == 204
    db_session.rollback()
    assert db_session.scalar(select(models.Message.status)) == "delivered"


def test_failure_still_keeps_the_message(text, db_session, monkeypatch):
    import gateway.texting.intake as intake

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug in the commands")

    monkeypatch.setattr(intake, "_handle", broken)
    text("LAPOR jalan rusak")
    db_session.rollback()
    (message,) = db_session.scalars(select(models.Message)).all()
    assert message.status == "error" and message.body == "LAPOR jalan rusak"


def test_text_is_routed_with_its_reason(text, db_session):
    text("LAPOR jln rusak berlubang dkt SD di Punten")
    (report,) = reports(db_session)
    assert report.agency_code == "PUPR" and report.category_code == "jalan"
    assert report.routing["rule"] == "rule:pupr-jalan"
    assert "jalan rusak" in report.routing["words"] and report.routing["confidence"] >= 0.55
    assert report.priority == "normal"


def test_outside_the_city_authority_is_forwarded_with_guidance(text, db_session):
    text("LAPOR listrik padam di Beji sejak pagi")
    (report,) = reports(db_session)
    assert report.agency_code == "PLN" and report.routing["external"] is True
    sent = outbox(db_session)
    assert sent[0] == reply("received", "id", ticket=report.ticket)
    assert "PLN 123" in sent[1]


def test_unsure_text_goes_to_triage_not_a_guess(text, db_session):
    text("tolong dicek ya pak di Punten")
    (report,) = reports(db_session)
    assert report.agency_code is None and "triase" in report.routing["explanation"]


@pytest.mark.parametrize(("body", "answered"), [
    ("Kode OTP Anda 482910. Jangan berikan kode ini", False),
    ("PROMO diskon 50% paket data, klik link", False),
    ("Paket Internet 10GB Anda aktif s.d 12/01/2027. Cek kuota di *888#", False),
    ("Saldo rekening Anda Rp 2.350.000,00", False),
    ("halo", True), ("maaf salah kirim", True)])
def test_texts_that_are_not_reports_never_reach_an_agency(text, db_session, body, answered):
    text(body)
    assert reports(db_session) == []  # kept as a message, never filed
    # A machine's notice gets no answer; a person's greeting or chat, the short how-to.
    assert outbox(db_session) == ([reply("help", "id")] if answered else [])
    assert [m.body for m in db_session.scalars(select(models.Message))
            if m.direction == "in"] == [body]


def test_a_shared_duty_goes_to_the_city_agency_and_the_citizen_hears_of_the_partner(
        text, db_session):
    text("Pohon tumbang menutup jalan di Sisir, kabel listrik putus, bahaya!")
    (report,) = reports(db_session)
    assert (report.agency_code, report.priority) == ("BPBD", "urgent")
    assert report.routing["notified"] == "PLN" and "diberi tahu" in report.routing["explanation"]
    sent = outbox(db_session)
    assert sent[0] == reply("received", "id", ticket=report.ticket)
    assert sent[1].startswith("Gangguan listrik ditangani PLN")
