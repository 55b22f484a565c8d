"""The first hotline flow: pick a category on the keypad, record a description, hear a ticket.

`advance(flow, state, event)` is a pure function returning a `Turn`. Every waiting node has its
own no-input and invalid-input handling with a bounded retry count, so a caller is never left
in silence or in a loop. The full data-defined flow language replaces this module later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ivr_flows.steps import (
    CallState,
    Digits,
    Event,
    Gather,
    Hangup,
    NoInput,
    Record,
    Recorded,
    Say,
    Start,
    Step,
    SubmitReport,
    Submitted,
    Turn,
)

MAX_RETRIES = 2  # re-prompts after the first attempt before the flow gives up politely
MAX_TICKET_REPEATS = 3

PROMPTS: Mapping[str, Mapping[str, str]] = {
    "id": {
        "welcome": "Selamat datang di layanan aduan Pemerintah Kota Batu. "
        "Untuk keadaan darurat, segera hubungi 1 1 2.",
        "menu_intro": "Silakan pilih jenis laporan Anda.",
        "menu_option": "Untuk {name}, tekan {key}.",
        "no_input": "Maaf, kami belum mendengar pilihan Anda.",
        "invalid": "Maaf, pilihan itu tidak tersedia.",
        "give_up": "Mohon maaf, pilihan Anda belum dapat kami terima. "
        "Silakan hubungi kami kembali. Terima kasih.",
        "record": "Setelah bunyi nada, sebutkan lokasinya dan ceritakan masalahnya. "
        "Tekan tanda pagar jika sudah selesai.",
        "record_empty": "Maaf, suara Anda tidak terdengar. Mohon ulangi setelah bunyi nada.",
        "ticket": "Terima kasih, laporan Anda sudah kami terima. Nomor tiket Anda: {ticket}.",
        "ticket_repeat": "Nomor tiket Anda: {ticket}.",
        "repeat_offer": "Untuk mendengar nomor tiket sekali lagi, tekan 1.",
        "goodbye": "Terima kasih atas laporan Anda. Sampai jumpa.",
    },
}


@dataclass(frozen=True, slots=True)
class MenuOption:
    key: str
    category: str
    names: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Hotline:
    """The flow's data: the category menu (built from config) and the prompt texts."""

    menu: tuple[MenuOption, ...]
    prompts: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: PROMPTS)

    def say(self, language: str, prompt_id: str, **values: str) -> Say:
        texts = self.prompts.get(language) or self.prompts["id"]
        return Say(texts[prompt_id].format(**values), language, prompt_id if not values else "")

    def option(self, key: str) -> MenuOption | None:
        return next((o for o in self.menu if o.key == key), None)


def spoken_digits(number: str, group: int = 3) -> str:
    """'123456789' -> '1 2 3, 4 5 6, 7 8 9': digit by digit, in short groups with a pause."""
    groups = [number[i : i + group] for i in range(0, len(number), group)]
    return ", ".join(" ".join(g) for g in groups)


def _sentence_case(name: str) -> str:
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _menu(flow: Hotline, state: CallState, preface: tuple[Say, ...] = ()) -> tuple[Step, ...]:
    lang = state.language
    options = tuple(
        flow.say(lang, "menu_option", name=_sentence_case(o.names.get(lang) or o.names["id"]),
                 key=o.key)
        for o in flow.menu
    )
    return (*preface, Gather((flow.say(lang, "menu_intro"), *options), num_digits=1))


def _retry(flow: Hotline, state: CallState, reason: str, again: tuple[Step, ...]) -> Turn:
    """Re-prompt after `reason`, or end politely once the retries are used up."""
    if state.retries >= MAX_RETRIES:
        return Turn(replace(state, node="ended"), (flow.say(state.language, "give_up"), Hangup()))
    return Turn(
        replace(state, retries=state.retries + 1),
        (flow.say(state.language, reason), *again),
    )


def _ticket_steps(flow: Hotline, state: CallState, prompt_id: str) -> tuple[Step, ...]:
    ticket = spoken_digits(state.answers["ticket"])
    lang = state.language
    return (
        flow.say(lang, prompt_id, ticket=ticket),
        Gather((flow.say(lang, "repeat_offer"),), num_digits=1, timeout_seconds=5),
    )


def advance(flow: Hotline, state: CallState, event: Event) -> Turn:
    """Move the caller one step: the new state, what they hear next, and any action requested."""
    turn = _advance(flow, state, event)
    return replace(turn, state=replace(turn.state, seq=state.seq + 1))


def _advance(flow: Hotline, state: CallState, event: Event) -> Turn:
    lang = state.language
    if isinstance(event, Start) or state.node == "":
        fresh = CallState(node="category", language=lang, seq=state.seq)
        return Turn(fresh, _menu(flow, fresh, (flow.say(lang, "welcome"),)))

    if state.node == "category":
        if isinstance(event, Digits) and (option := flow.option(event.value)):
            picked = replace(state.with_answer("category", option.category), node="record",
                             retries=0)
            return Turn(picked, (flow.say(lang, "record"), Record()))
        reason = "no_input" if isinstance(event, NoInput) else "invalid"
        return _retry(flow, state, reason, _menu(flow, state))

    if state.node == "record":
        if isinstance(event, Recorded) and event.duration_seconds > 0:
            captured = state.with_answer("recording_url", event.url).with_answer(
                "recording_sid", event.sid
            )
            captured = replace(captured, node="submitting", retries=0)
            return Turn(captured, (), SubmitReport(captured.answers))
        if state.retries >= 1:
            # A category alone is still worth a ticket: file it without a description.
            submitting = replace(state, node="submitting", retries=0)
            return Turn(submitting, (), SubmitReport(submitting.answers))
        return Turn(
            replace(state, retries=state.retries + 1),
            (flow.say(lang, "record_empty"), Record()),
        )

    if state.node == "submitting" and isinstance(event, Submitted):
        told = replace(state.with_answer("ticket", event.ticket), node="ticket", retries=0)
        return Turn(told, _ticket_steps(flow, told, "ticket"))

    if state.node == "ticket":
        if isinstance(event, Digits) and event.value == "1" and state.retries < MAX_TICKET_REPEATS:
            again = replace(state, retries=state.retries + 1)
            return Turn(again, _ticket_steps(flow, again, "ticket_repeat"))
        return Turn(replace(state, node="ended"), (flow.say(lang, "goodbye"), Hangup()))

    # A late or unexpected event (e.g. a replayed webhook after the call moved on): end politely
    # rather than guess.
    return Turn(replace(state, node="ended"), (flow.say(lang, "goodbye"), Hangup()))
