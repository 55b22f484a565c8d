"""The engine is a pure function: these tests drive it without Flask, database or network."""

from pathlib import Path

import pytest

from gateway.voice.flows import flow_references
from ivr_flows.engine import advance
from ivr_flows.loader import load_flow
from ivr_flows.steps import (
    CallState,
    Digits,
    Gather,
    Hangup,
    NoInput,
    Record,
    Recorded,
    Say,
    Speech,
    Start,
    SubmitReport,
    Submitted,
)

MINIMAL = Path(__file__).resolve().parents[1] / "data" / "flows" / "minimal.yaml"


@pytest.fixture(scope="module")
def flow(catalog):
    return load_flow(MINIMAL.read_text(), "minimal.yaml", flow_references(catalog))


def texts(turn):
    said = []
    for step in turn.steps:
        if isinstance(step, Say):
            said.append(step.text)
        if isinstance(step, Gather):
            said += [p.text for p in step.prompts if isinstance(p, Say)]
    return said


def test_start_says_menu_with_options_from_config(flow):
    turn = advance(flow, CallState(), Start())
    assert turn.state.node == "menu" and turn.state.seq == 1
    (gather,) = turn.steps
    assert texts(turn) == ["Pilih laporan.", "Untuk jalan atau jembatan rusak, tekan 1.",
                           "Untuk sampah dan kebersihan, tekan 2."]
    assert gather.speech_language == "id-ID" and "jalan" in gather.hints
    assert gather.prompts[1].prompt_id == "menu.option.1"


def test_full_path_asks_host_to_submit_then_reads_ticket(flow):
    turn = advance(flow, CallState(), Start())
    turn = advance(flow, turn.state, Digits("2"))
    assert isinstance(turn.steps[-1], Record) and turn.state.answers["category"] == "sampah"
    turn = advance(flow, turn.state, Recorded("https://rec/RE1", "RE1", 9))
    assert isinstance(turn.action, SubmitReport)
    assert turn.action.answers["description_sid"] == "RE1"
    turn = advance(flow, turn.state, Submitted("123456789"))
    assert texts(turn) == ["Tiket 1 2 3, 4 5 6, 7 8 9.", "Tekan 1 untuk mengulang."]
    turn = advance(flow, turn.state, NoInput())
    assert texts(turn) == ["Sampai jumpa."] and isinstance(turn.steps[-1], Hangup)


def test_retries_are_bounded(flow):
    turn = advance(flow, CallState(), Start())
    for _ in range(2):
        turn = advance(flow, turn.state, Digits("9"))
        assert texts(turn)[0] == "Tidak tersedia." and turn.state.retries <= 2
    turn = advance(flow, turn.state, NoInput())
    assert isinstance(turn.steps[-1], Hangup)


def test_unclear_speech_falls_back_to_keypad(flow):
    turn = advance(flow, CallState(), Start())
    turn = advance(flow, turn.state, Speech("jalan", 0.1))
    (said, gather) = turn.steps
    assert said.text == "Kurang jelas." and gather.speech_language == ""
    turn = advance(flow, turn.state, Digits("1"))
    assert turn.state.answers["category"] == "jalan"


def test_clear_speech_picks_the_option(flow):
    turn = advance(flow, CallState(language="en"), Start(remembered_language="en"))
    turn = advance(flow, turn.state, Speech("there is a huge hole in the road", 0.87))
    assert turn.state.answers["category"] == "jalan" and turn.state.language == "en"


def test_state_survives_serialisation(flow):
    turn = advance(flow, CallState(), Start())
    turn = advance(flow, turn.state, Digits("1"))
    again = CallState.from_dict(turn.state.to_dict())
    assert again == turn.state
