"""Channel-neutral IVR steps, caller events, requested actions and their results.

The engine emits steps (say, gather, record, hand off, hang up); `gateway` renders them to TwiML,
the terminal simulator prints them. Events are what the caller or the telephony did; actions are
work the engine asks its host to do (store a report, look one up) before the call can go on, and
the host answers each action with a result event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Pause:
    """Silence for `seconds`."""

    seconds: int = 1


@dataclass(frozen=True, slots=True)
class Say:
    """Speak `text`; `prompt_id` names a fixed prompt so a rendered or recorded file can
    replace it (empty when the text has values filled in, such as a ticket number). Such a text
    may also be given as `clips`: the same words as a sequence of fixed prompts (the template's
    own words, digits, names), so it can be played from audio files alone."""

    text: str
    language: str
    prompt_id: str = ""
    clips: tuple[Say | Pause, ...] = ()


@dataclass(frozen=True, slots=True)
class Audio:
    """Play a recording the host keeps (an uploaded advice item, an officer's answer) at
    `path` under the gateway's address; `text` says what it is, for the simulator."""

    path: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Gather:
    """Wait for keypad input (and speech when `speech_language` is set) while playing
    `prompts`; silence arrives as a `NoInput` event. With `hash_is_key`, # is a key like the
    others (it goes back in the library) instead of ending the input."""

    prompts: tuple[Say | Pause | Audio, ...]
    num_digits: int = 1
    timeout_seconds: int = 6
    finish_on_key: str = ""
    speech_language: str = ""
    hints: tuple[str, ...] = ()
    hash_is_key: bool = False


@dataclass(frozen=True, slots=True)
class Record:
    """Record the caller after a beep, up to `max_seconds`, ending on `finish_on_key`."""

    max_seconds: int = 120
    finish_on_key: str = "#"
    timeout_seconds: int = 5


@dataclass(frozen=True, slots=True)
class Handoff:
    """Connect the caller to a human operator, waiting at most `max_wait_seconds`."""

    queue: str
    max_wait_seconds: int
    language: str


@dataclass(frozen=True, slots=True)
class Hangup:
    """End the call."""


Step = Say | Pause | Audio | Gather | Record | Handoff | Hangup


@dataclass(frozen=True, slots=True)
class Start:
    """The call was answered; `remembered_language` is the caller's choice on a former call."""

    remembered_language: str = ""


@dataclass(frozen=True, slots=True)
class Digits:
    """The caller pressed keys: `value`."""

    value: str


@dataclass(frozen=True, slots=True)
class Speech:
    """The caller said something, heard as `text` with `confidence`."""

    text: str
    confidence: float


@dataclass(frozen=True, slots=True)
class NoInput:
    """The caller said or pressed nothing before the timeout."""


@dataclass(frozen=True, slots=True)
class Recorded:
    """The caller's recording is done: its URL, id and length."""

    url: str
    sid: str
    duration_seconds: int


@dataclass(frozen=True, slots=True)
class HandoffEnded:
    """The operator hand-off is over: `answered` when a human took the call."""

    answered: bool


@dataclass(frozen=True, slots=True)
class Submitted:
    """Result of `SubmitReport`: the host stored the report; `ticket` is its number."""

    ticket: str


@dataclass(frozen=True, slots=True)
class StatusFound:
    """Result of `LookupStatus`: `found` is False when no report has that ticket; `agency` is
    the code of the agency handling it (empty: the command center's triage). A farmer's
    question (`question`) carries its answer, as text or a recording, once there is one."""

    found: bool
    status: str = ""
    agency: str = ""
    question: bool = False
    answer_text: str = ""
    answer_audio: str = ""


@dataclass(frozen=True, slots=True)
class LibraryChoice:
    """One key of a library level: a commodity, a topic or an item (its title), or "more"."""

    key: str
    kind: str
    code: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class LibraryItem:
    """An advice item to hear: its text (rendered audio is found by its prompt id) or an
    uploaded recording."""

    id: int
    title: str
    text: str
    language: str
    audio: str = ""


@dataclass(frozen=True, slots=True)
class LibraryShown:
    """Result of `BrowseLibrary`: where the caller is, and its keys or its item."""

    path: tuple[str, ...]
    page: int
    choices: tuple[LibraryChoice, ...] = ()
    item: LibraryItem | None = None


@dataclass(frozen=True, slots=True)
class PriceQuoted:
    """Result of `LookupPrice`: the latest price, already in words the prompt fills in."""

    found: bool
    price: str = ""
    unit: str = ""
    market: str = ""
    day: str = ""
    change: int = 0
    compared: bool = False  # False: no price a week before
    stale_days: int = 0


@dataclass(frozen=True, slots=True)
class FarmerDone:
    """Result of `FarmerAction`: whether the caller's number has (had) a profile, and its
    desa and commodity codes."""

    registered: bool
    desa: str = ""
    commodities: tuple[str, ...] = ()


Event = (Start | Digits | Speech | NoInput | Recorded | HandoffEnded | Submitted | StatusFound
         | LibraryShown | PriceQuoted | FarmerDone)


@dataclass(frozen=True, slots=True)
class SubmitReport:
    """Ask the host to store a report from the answers gathered so far."""

    answers: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class LookupStatus:
    """The gateway must look the ticket up before the call goes on."""

    ticket: str


@dataclass(frozen=True, slots=True)
class BrowseLibrary:
    """The farmers' advice library at `path`; `heard` is the item heard to the end just
    before (to be counted)."""

    path: tuple[str, ...]
    page: int = 0
    language: str = "id"
    heard: int | None = None


@dataclass(frozen=True, slots=True)
class LookupPrice:
    """The latest market price of `commodity`."""

    commodity: str


@dataclass(frozen=True, slots=True)
class FarmerAction:
    """The caller's farmer profile: look it up, save it from `answers` (with consent), or
    forget it (`do`: lookup, save, forget)."""

    do: str
    answers: Mapping[str, str] = field(default_factory=dict)


Action = SubmitReport | LookupStatus | BrowseLibrary | LookupPrice | FarmerAction


@dataclass(frozen=True, slots=True)
class CallState:
    """Where a caller is: node, retries at that node, answers so far, and a turn counter."""

    node: str = ""
    language: str = "id"
    retries: int = 0
    seq: int = 0
    keypad_only: bool = False
    answers: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node, "language": self.language, "retries": self.retries,
            "seq": self.seq, "keypad_only": self.keypad_only, "answers": dict(self.answers),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CallState:
        return cls(
            node=str(data.get("node", "")), language=str(data.get("language", "id")),
            retries=int(data.get("retries", 0)), seq=int(data.get("seq", 0)),
            keypad_only=bool(data.get("keypad_only", False)),
            answers={str(k): str(v) for k, v in dict(data.get("answers", {})).items()},
        )

    def with_answers(self, **values: str) -> CallState:
        return replace(self, answers={**self.answers, **values})


@dataclass(frozen=True, slots=True)
class Turn:
    """The engine's answer to one event: the new state, what the caller hears, and any action."""

    state: CallState
    steps: tuple[Step, ...]
    action: Action | None = None
