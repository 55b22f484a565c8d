"""Texts with call-time values as clips: the template's own words, digits and names, each a
fixed prompt that can be rendered or recorded ahead of time."""

from __future__ import annotations

from ivr_flows.steps import CallState, Pause, Say


def test_a_ticket_read_back_is_the_template_words_then_digit_clips_in_groups(flows):
    hotline = flows["hotline"]
    state = CallState(language="jv")
    said = hotline.say(state, "ticket_read", ticket=hotline.digits_say(state, "123456785"))
    assert said.text == hotline.text("jv", "ticket_read", ticket="1 2 3, 4 5 6, 7 8 5")
    ids = [c.prompt_id if isinstance(c, Say) else "pause" for c in said.clips]
    assert ids == ["ticket_read.part0", "digit_1", "digit_2", "digit_3", "pause", "digit_4",
                   "digit_5", "digit_6", "pause", "digit_7", "digit_8", "digit_5"]
    assert said.clips[1] == Say("setunggal", "jv", "digit_1")
    assert isinstance(said.clips[4], Pause)


def test_status_words_and_names_are_clips_and_a_plain_value_is_spoken_whole(flows):
    hotline = flows["hotline"]
    state = CallState(language="id")
    said = hotline.say(state, "status_found", ticket=hotline.digits_say(state, "987"),
                       status=hotline.say(state, "status_resolved"),
                       agency=hotline.name_say("agency", "DLH", "id"))
    words = [c.text for c in said.clips if isinstance(c, Say)]
    assert words == ["Laporan nomor", "sembilan", "delapan", "tujuh", "sudah selesai ditangani",
                     ". Laporan ini ditangani oleh", "Dinas Lingkungan Hidup"]
    assert said.text == ("Laporan nomor 9 8 7 sudah selesai ditangani. Laporan ini ditangani "
                         "oleh Dinas Lingkungan Hidup.")
    plain = hotline.say(state, "hold_position", position="3")
    assert plain.text == "Anda berada di antrean nomor 3." and plain.clips == ()


def test_every_clip_a_call_can_play_is_a_fixed_text_of_the_flow(flows):
    hotline = flows["hotline"]
    fixed = {(s.prompt_id, s.language): s.text for s in hotline.fixed_texts()}
    for language in hotline.languages:
        assert fixed[("ticket_read.part0", language)]
        assert fixed[("digit_0", language)]
        assert fixed[("agency.PUPR", language)] == "Dinas Pekerjaan Umum dan Penataan Ruang"
        assert fixed[("area.35.79.02.2005", language)] == "Pandanrejo"
        assert fixed[("category.jalan", language)] == hotline.name("category", "jalan",
                                                                   language)
