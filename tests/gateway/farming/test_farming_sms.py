"""The farmers' line by SMS through Twilio's webhook: DAFTAR with consent and follow-ups, DATA,
HAPUS, HARGA with and without an offer, TANYA to the desa's officer, the answer, "did it help",
and escalation when nobody answers. Replies are read from the outbox."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from farming.prices import PricePoint
from farming.replies import farm_reply
from gateway.farming import questions
from gateway.store import farm_reference, models
from tests.gateway.texting.test_sms import outbox, reports

FARMER = "+6281299990001"
PUNTEN = "35.79.02.2001"


def farmer_row(db_session, phone=FARMER):
    db_session.rollback()
    return db_session.scalar(select(models.Farmer).where(models.Farmer.phone == phone))


def test_daftar_asks_consent_and_only_yes_saves_the_profile(text, db_session):
    text("DAFTAR Sutrisno, Punten, kentang kubis", FARMER)
    assert outbox(db_session, FARMER)[-1] == farm_reply("consent", "id")
    assert farmer_row(db_session) is None  # nothing kept before the farmer agrees
    text("ya", FARMER)
    farmer = farmer_row(db_session)
    assert (farmer.name, farmer.desa_code, farmer.consent_channel) == ("Sutrisno", PUNTEN, "sms")
    assert farmer.consent_at is not None
    assert outbox(db_session, FARMER)[-1].startswith("Terima kasih Sutrisno, Anda terdaftar: "
                                                     "Punten, kentang, kubis.")


def test_what_is_missing_is_asked_one_thing_at_a_time_in_javanese(text, db_session):
    text("daptar kenthang kobis", FARMER)  # no name, no desa
    assert outbox(db_session, FARMER)[-1] == farm_reply("ask_name", "jv")
    text("Pak Wiji", FARMER)
    assert outbox(db_session, FARMER)[-1] == farm_reply("ask_desa", "jv")
    text("sumber berantas", FARMER)
    assert outbox(db_session, FARMER)[-1] == farm_reply("consent", "jv")
    text("nggih", FARMER)
    farmer = farmer_row(db_session)
    assert (farmer.name, farmer.desa_code, farmer.language) == ("Pak Wiji", "35.79.02.2009", "jv")


def test_no_means_nothing_is_kept(text, db_session):
    text("DAFTAR Sri, Tulungrejo, apel", FARMER)
    text("tidak", FARMER)
    assert farmer_row(db_session) is None
    assert outbox(db_session, FARMER)[-1] == farm_reply("declined", "id")


def test_data_shows_what_is_held_and_hapus_deletes_it_at_once(text, db_session):
    text("DAFTAR Sutrisno, Punten, kentang, poktan Tani Makmur", FARMER)
    text("YA", FARMER)
    text("DATA", FARMER)
    shown = outbox(db_session, FARMER)[-1]
    assert "Sutrisno" in shown and "Punten" in shown and "kentang" in shown
    assert "Tani Makmur" in shown and "SMS" in shown
    text("HAPUS", FARMER)
    assert outbox(db_session, FARMER)[-1] == farm_reply("forgotten", "id")
    assert farmer_row(db_session) is None
    assert db_session.scalars(select(models.FarmerCommodity)).all() == []
    text("data", FARMER)
    assert outbox(db_session, FARMER)[-1] == farm_reply("not_registered", "id")


def enter_prices(database, clock, *prices):
    today = clock().date()
    with database.transaction() as connection:
        for ago, price in prices:
            farm_reference.record_price(connection, PricePoint(
                "kentang", "among_tani", "kg", price, today - timedelta(days=ago)), "staf",
                clock())


def test_harga_gives_the_latest_price_and_its_change(text, db_session, database, clock):
    enter_prices(database, clock, (0, 7500), (7, 7000))
    text("HARGA KENTANG", FARMER)
    day = clock().date()
    assert outbox(db_session, FARMER)[-1] == (
        f"Harga kentang {day.day} Nov di Pasar Induk Among Tani: Rp7.500/kg, naik Rp500 dari "
        "seminggu lalu.")
    text("harag kentnag 6000", FARMER)
    assert outbox(db_session, FARMER)[-1].startswith(
        "Tawaran Rp6.000/kg untuk kentang RENDAH: 20% di bawah harga pasar Rp7.500")


def test_an_old_price_is_said_to_be_old_and_unknown_crops_get_an_example(text, db_session,
                                                                        database, clock):
    enter_prices(database, clock, (5, 7000))
    text("rego kenthang", FARMER)
    assert outbox(db_session, FARMER)[-1].endswith("(rega lami, 5 dinten kepengker).")
    text("HARGA durian", FARMER)
    assert outbox(db_session, FARMER)[-1] == farm_reply("unknown_commodity", "id")
    text("harga kubis", FARMER)
    assert outbox(db_session, FARMER)[-1] == farm_reply("no_price", "id", commodity="kubis")


def ask(text, db_session):
    text("DAFTAR Sutrisno, Punten, kentang", FARMER)
    text("ya", FARMER)
    text("TANYA daun kentang saya menghitam dan busuk, ada lapisan putih", FARMER)
    question = reports(db_session)[-1]
    return question


def test_tanya_files_a_question_for_the_desa_officer_who_is_texted(text, db_session):
    question = ask(text, db_session)
    assert question.kind == "question" and question.category_code == "tanya_tani"
    assert question.agency_code == "PERTANIAN" and question.area_code == PUNTEN
    row = db_session.get(models.FarmQuestion, question.id)
    assert (row.officer_code, row.level, row.commodity) == ("ppl_04", 0, "kentang")
    assert row.pests == ["busuk_daun"]
    assert outbox(db_session, FARMER)[-1] == farm_reply("question_received", "id",
                                                        ticket=question.ticket)
    officer = outbox(db_session, "+6281230000004")
    assert officer and question.ticket in officer[0] and "Punten" in officer[0]


def test_the_answer_is_texted_and_the_farmer_says_whether_it_helped(text, db_session, database,
                                                                   clock):
    question = ask(text, db_session)
    with database.transaction() as connection:
        assert questions.answer(connection, question.id, "Semprot fungisida mankozeb tiap 7 hari "
                                "saat hujan, cabut tanaman yang parah.", None, "ppl_04", clock())
    texts = outbox(db_session, FARMER)
    assert texts[-2].startswith(f"Jawaban penyuluh untuk tiket {question.ticket}: Semprot")
    assert texts[-1] == farm_reply("helpful_ask", "id")
    text("1", FARMER)
    db_session.rollback()
    assert db_session.get(models.FarmQuestion, question.id).helpful is True
    assert outbox(db_session, FARMER)[-1] == farm_reply("helpful_thanks", "id")


def test_a_long_answer_says_it_is_ready_on_the_hotline(text, db_session, database, clock):
    question = ask(text, db_session)
    with database.transaction() as connection:
        questions.answer(connection, question.id, "kata " * 120, None, "ppl_04", clock())
    assert outbox(db_session, FARMER)[-2] == farm_reply("answer_ready", "id",
                                                        ticket=question.ticket)


def test_unanswered_questions_go_to_the_backup_then_the_coordinators(text, db_session, database,
                                                                    catalog, runtime, clock):
    question = ask(text, db_session)
    for hours, officer, level in ((47, "ppl_04", 0), (49, "ppl_05", 1), (98, None, 2)):
        now = clock() + timedelta(hours=hours)
        with database.transaction() as connection:
            questions.escalate_due(connection, catalog, runtime.farm, now)
        db_session.rollback()
        row = db_session.get(models.FarmQuestion, question.id)
        assert (row.officer_code, row.level) == (officer, level)
    assert question.ticket in outbox(db_session, "+6281230000005")[-1]
    assert question.ticket in outbox(db_session, "+6281230000102")[-1]  # Bumiaji coordinator
