"""Golden conversations of the farmers' line on the hotline, in Indonesian and Javanese: register
(with consent), hear an advice item, prices, ask by voice, hear the answer by ticket, DATA and
HAPUS by keypad. Every TwiML answer is validated (`tests.caller`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from farming.prices import PricePoint, short_date
from gateway.farming import questions
from gateway.store import farm_reference, models
from ivr_flows.nodes import spoken_digits
from tests.caller import Caller

FARMER = "+6281299990002"
LANGUAGE_KEY = {"id": "1", "jv": "2"}


@pytest.fixture
def hotline(flows):
    return flows["hotline"]


def farming_menu(caller: Caller, hotline, language: str) -> None:
    caller.dial()
    if hotline.text(language, "main_menu") not in caller.heard:  # not remembered from before
        caller.press(LANGUAGE_KEY[language])
    caller.press("3")
    assert hotline.text(language, "farm_menu") in caller.heard


def new_caller(signed_post, n: int) -> Caller:
    return Caller(signed_post, f"CA{n:032d}", from_number=FARMER)


@pytest.mark.parametrize("language", ["id", "jv"])
def test_a_farmer_registers_by_keypad_with_consent(signed_post, hotline, db_session, language):
    caller = new_caller(signed_post, 1)
    farming_menu(caller, hotline, language)
    caller.press("5")  # not registered yet: consent first
    assert hotline.text(language, "farm_consent") in caller.heard
    caller.press("1")
    caller.press("2")  # Bumiaji
    caller.press("1")  # Punten
    assert hotline.text(language, "farm_crops") in caller.heard
    caller.press("34#")  # kentang, kubis
    assert hotline.text(language, "farm_name") in caller.heard
    caller.record("RE" + "5" * 32, duration=4)
    assert hotline.text(language, "farm_registered") in caller.heard
    db_session.rollback()
    farmer = db_session.scalar(select(models.Farmer).where(models.Farmer.phone == FARMER))
    assert (farmer.desa_code, farmer.consent_channel, farmer.language) == \
        ("35.79.02.2001", "voice", language)
    assert farmer.name_recording == "RE" + "5" * 32
    crops = db_session.scalars(select(models.FarmerCommodity.commodity)
                               .where(models.FarmerCommodity.farmer_id == farmer.id)).all()
    assert sorted(crops) == ["kentang", "kubis"]
    # DATA by keypad reads it back; HAPUS deletes it at once.
    again = new_caller(signed_post, 2)
    farming_menu(again, hotline, language)
    again.press("5")
    assert hotline.text(language, "farm_data", desa="Punten",
                        commodities=", ".join(hotline.name("commodity", c, language)
                                              for c in ("kentang", "kubis"))) in again.heard
    again.press("9")
    again.press("1")
    assert hotline.text(language, "farm_forgotten") in again.heard
    db_session.rollback()
    assert db_session.scalar(select(models.Farmer).where(models.Farmer.phone == FARMER)) is None


def test_declining_consent_keeps_nothing(signed_post, hotline, db_session):
    caller = new_caller(signed_post, 3)
    farming_menu(caller, hotline, "id")
    caller.press("5")
    caller.press("2")
    assert hotline.text("id", "farm_menu") in caller.heard
    db_session.rollback()
    assert db_session.scalars(select(models.Farmer)).all() == []


@pytest.mark.parametrize("language", ["id", "jv"])
def test_a_farmer_hears_an_apple_pest_item_and_the_plays_are_counted(
        signed_post, hotline, db_session, language):
    items = {code: db_session.scalar(select(models.AdviceItem).where(
        models.AdviceItem.code == code)) for code in ("apel_kutu_hijau", "apel_tungau_merah")}
    texts = {code: db_session.get(models.AdviceText, (item.id, language))
             for code, item in items.items()}
    caller = new_caller(signed_post, 4)
    farming_menu(caller, hotline, language)
    caller.press("1")
    assert hotline.text(language, "farm_library_pick") in caller.heard
    apel = hotline.name("commodity", "apel", language)
    assert hotline.text(language, "option", label=apel, key="1") in caller.heard
    caller.press("1")  # apel
    hama = hotline.name("topic", "hama", language)
    topics = caller.heard
    key = next(k for k in "12345"
               if hotline.text(language, "option", label=hama, key=k) in topics)
    caller.press(key)
    assert texts["apel_kutu_hijau"].title in caller.heard  # the items' titles
    caller.press("1")  # kutu hijau
    assert texts["apel_kutu_hijau"].text[:60] in caller.heard
    assert hotline.text(language, "farm_library_item") in caller.heard
    caller.press("#")  # back to the topic's items
    assert texts["apel_tungau_merah"].title in caller.heard
    db_session.rollback()
    counted = db_session.get(models.AdviceItem, items["apel_kutu_hijau"].id)
    assert (counted.plays, counted.completions) == (1, 1)


def test_hearing_an_item_then_9_asks_about_it(signed_post, hotline, db_session, catalog):
    caller = new_caller(signed_post, 5)
    farming_menu(caller, hotline, "id")
    caller.press("1")
    more = hotline.text("id", "option", label=hotline.text("id", "farm_library_more"), key="5")
    assert more in caller.heard  # six crops: four a page, and "more" on 5
    caller.press("5")
    heard = caller.heard
    wortel = hotline.name("commodity", "wortel", "id")
    key = next(k for k in "12345" if hotline.text("id", "option", label=wortel, key=k) in heard)
    caller.press(key)
    caller.press("1")  # the first topic of wortel
    if hotline.text("id", "farm_library_item") not in caller.heard:
        caller.press("1")
    caller.press("9")
    assert hotline.text("id", "farm_ask") in caller.heard
    caller.record("RE" + "6" * 32, duration=20)
    question = db_session.scalars(select(models.Report).where(
        models.Report.kind == "question")).one()
    row = db_session.get(models.FarmQuestion, question.id)
    assert row.commodity == "wortel" and question.channel == "voice"
    assert hotline.text("id", "farm_ask_ticket", ticket=spoken_digits(question.ticket)) \
        in caller.heard


@pytest.mark.parametrize("language", ["id", "jv"])
def test_prices_by_keypad_with_the_change_and_an_old_price(signed_post, hotline, database,
                                                          clock, language):
    today = clock().date()
    with database.transaction() as connection:
        for ago, price in ((0, 7500), (7, 7000)):
            farm_reference.record_price(connection, PricePoint(
                "kentang", "among_tani", "kg", price, today - timedelta(days=ago)), "staf",
                clock())
        farm_reference.record_price(connection, PricePoint(
            "apel", "among_tani", "kg", 12000, today - timedelta(days=4)), "staf", clock())
    caller = new_caller(signed_post, 6)
    farming_menu(caller, hotline, language)
    caller.press("2")
    caller.press("3")  # kentang
    day = short_date(today)
    kentang = hotline.name("commodity", "kentang", language)
    assert hotline.text(language, "farm_price_found", commodity=kentang,
                        market="Pasar Induk Among Tani", day=day, price="7.500",
                        unit="kilogram") in caller.heard
    assert hotline.text(language, "farm_price_up", amount="500") in caller.heard
    caller.press("1")  # apel
    assert hotline.text(language, "farm_price_old", days="4") in caller.heard
    caller.press("4")  # kubis: none yet
    assert hotline.text(language, "farm_price_none",
                        commodity=hotline.name("commodity", "kubis", language)) in caller.heard


@pytest.mark.parametrize("language", ["id", "jv"])
def test_ask_by_voice_and_hear_the_answer_by_ticket(signed_post, hotline, db_session,
                                                   database, clock, language):
    caller = new_caller(signed_post, 7)
    farming_menu(caller, hotline, language)
    caller.press("3")
    caller.record("RE" + "7" * 32, duration=25)
    question = db_session.scalars(select(models.Report).where(
        models.Report.kind == "question")).one()
    assert db_session.scalars(select(models.Recording.report_id)).all() == [question.id]
    later = new_caller(signed_post, 8)
    farming_menu(later, hotline, language)
    later.press("4")
    later.press(question.ticket + "#")
    assert hotline.text(language, "question_pending", ticket=spoken_digits(question.ticket)) \
        in later.heard
    with database.transaction() as connection:
        questions.answer(connection, question.id, "Godhong kenthang ingkang bosok dipunbedhol.",
                         None, "ppl_04", clock())
    third = new_caller(signed_post, 9)
    farming_menu(third, hotline, language)
    third.press("4")
    third.press(question.ticket + "#")
    assert hotline.text(language, "question_answer", ticket=spoken_digits(question.ticket)) \
        in third.heard
    assert "Godhong kenthang ingkang bosok dipunbedhol." in third.heard
