from hypothesis import given
from hypothesis import strategies as st

from sms.replies import TEXTS, reply
from sms.segments import MAX_BODY, count_segments, fit, is_gsm7


def test_gsm7_limits():
    assert count_segments("a" * 160).count == 1
    assert count_segments("a" * 161).count == 2
    assert count_segments("a" * 306).count == 2 and count_segments("a" * 307).count == 3
    assert count_segments("").count == 0


def test_extension_characters_take_two_septets():
    assert count_segments("{" * 80) == count_segments("a" * 160)
    assert count_segments("€" * 81).count == 2


def test_one_non_gsm_character_makes_it_ucs2():
    assert count_segments("a" * 69 + "ö").encoding == "GSM-7"
    text = "a" * 69 + "ą"
    assert count_segments(text).encoding == "UCS-2" and count_segments(text).count == 1
    assert count_segments("a" * 71 + "ą").count == 2
    assert count_segments("a" * 134 + "ą").count == 3  # 135 units > 2 x 67


def test_emoji_count_as_two_units():
    assert count_segments("😀" * 35).count == 1 and count_segments("😀" * 36).count == 2


@given(st.text(max_size=3000))
def test_fit_never_exceeds_two_segments_or_twilio_limit(text):
    fitted = fit(text)
    assert count_segments(fitted).count <= 2 and len(fitted) <= MAX_BODY


def test_fit_keeps_short_text_and_cuts_at_a_word():
    assert fit("Laporan diterima.") == "Laporan diterima."
    long = " ".join(["kata"] * 100)
    fitted = fit(long)
    assert fitted.endswith("kata...") and count_segments(fitted).count == 2


def test_every_reply_is_gsm7_and_short_with_long_values(catalog):
    longest = max((a.spoken_name for a in catalog.agencies.values()), key=len)
    values = {"ticket": "123456785", "agency": longest, "kecamatan": "Bumiaji",
              "choices": ", ".join(f"{i} Sumberbrantas" for i in range(1, 10))[:140],
              "place": "Oro-oro Ombo", "status": "sudah diterima, menunggu diperiksa petugas",
              "reason": "bukan kewenangan Pemkot", "note": "Lubang sudah ditambal.",
              "tracking": "4810001"}
    for key, texts in TEXTS.items():
        for language in texts:
            text = reply(key, language, **values)
            assert is_gsm7(text), (key, language)
            limit = 2 if key in ("ask_desa", "ask_place", "resolved", "resolved_note", "help",
                                 "empty") else 1
            assert count_segments(text).count <= limit, (key, language, len(text))
