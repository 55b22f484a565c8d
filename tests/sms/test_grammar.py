import pytest

from sms.grammar import parse


@pytest.mark.parametrize(
    ("body", "kind", "argument", "language"),
    [
        ("LAPOR jalan rusak di Punten", "report", "jalan rusak di Punten", "id"),
        ("lapor: sampah numpuk", "report", "sampah numpuk", "id"),
        ("#Lapor   pohon  tumbang", "report", "pohon tumbang", "id"),
        ("lpr lampu mati", "report", "lampu mati", "id"),
        ("jalan berlubang dekat sekolah", "report", "jalan berlubang dekat sekolah", "id"),
        ("dalan rusak wonten Punten, nyuwun tulung", "report",
         "dalan rusak wonten Punten, nyuwun tulung", "jv"),
        ("the road is broken near the hotel", "report", "the road is broken near the hotel",
         "en"),
        ("cek 123 456 789", "check", "123456789", "id"),
        ("CEK123456789", "check", "123456789", "id"),
        ("Status 123-456-789", "check", "123456789", "id"),
        ("check 123456789", "check", "123456789", "en"),
        ("cek", "check", "", "id"),
        ("batal 123456789", "cancel", "123456789", "id"),
        ("BTL 123.456.789", "cancel", "123456789", "id"),
        ("info", "help", "", "id"),
        ("Bantuan", "help", "", "id"),
        ("HELP", "help", "", "en"),
        ("stop", "stop", "", "id"),
        ("BERHENTI", "stop", "", "id"),
        ("mulai", "start", "", "id"),
        ("START", "start", "", "en"),
        ("😀😀", "empty", "", "id"),
        ("", "empty", "", "id"),
        ("   ", "empty", "", "id"),
        ("?!", "empty", "", "id"),
    ],
)
def test_parse(body, kind, argument, language):
    command = parse(body)
    assert (command.kind, command.argument, command.language) == (kind, argument, language)


def test_stop_inside_a_sentence_is_a_report_not_an_opt_out():
    command = parse("stop buang sampah sembarangan di sungai, tolong ditindak")
    assert command.kind == "report" and not command.keyword


def test_free_text_is_not_a_keyword_and_may_answer_a_question():
    assert parse("Punten").keyword is False and parse("LAPOR x").keyword is True


def test_very_long_body_is_capped():
    assert len(parse("lapor " + "x" * 5000).argument) < 2100
