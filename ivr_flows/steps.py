"""Channel-neutral IVR steps, caller events and requested actions.

The engine emits steps (say, gather, record, hang up); `gateway` renders them to TwiML, the
terminal simulator prints them. Events are what the caller did; actions are work the engine
asks its host to do (store a report) before the call can go on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Say:
    """Speak `text`; `prompt_id` names it so a rendered or recorded file can replace it."""

    text: str
    language: str
    prompt_id: str = ""


@dataclass(frozen=True, slots=True)
class Pause:
    seconds: int = 1


@dataclass(frozen=True, slots=True)
class Gather:
    """Wait for keypad input while playing `prompts`; no input arrives as a `NoInput` event."""

    prompts: tuple[Say | Pause, ...]
    num_digits: int = 1
    timeout_seconds: int = 6
    finish_on_key: str = ""


@dataclass(frozen=True, slots=True)
class Record:
    """Record the caller after a beep, up to `max_seconds`, ending on `finish_on_key`."""

    max_seconds: int = 120
    finish_on_key: str = "#"
    timeout_seconds: int = 5


@dataclass(frozen=True, slots=True)
class Hangup:
    pass


Step = Say | Pause | Gather | Record | Hangup


@dataclass(frozen=True, slots=True)
class Start:
    """The call was answered."""


@dataclass(frozen=True, slots=True)
class Digits:
    value: str


@dataclass(frozen=True, slots=True)
class NoInput:
    """The caller said or pressed nothing before the timeout."""


@dataclass(frozen=True, slots=True)
class Recorded:
    url: str
    sid: str
    duration_seconds: int


@dataclass(frozen=True, slots=True)
class Submitted:
    """The host stored the report the engine asked for; `ticket` is its number."""

    ticket: str


Event = Start | Digits | NoInput | Recorded | Submitted


@dataclass(frozen=True, slots=True)
class SubmitReport:
    """Ask the host to store a report from the answers gathered so far."""

    answers: Mapping[str, str]


Action = SubmitReport


@dataclass(frozen=True, slots=True)
class CallState:
    """Where a caller is: node, retries at that node, answers so far, and a turn counter."""

    node: str = ""
    language: str = "id"
    retries: int = 0
    seq: int = 0
    answers: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node, "language": self.language, "retries": self.retries,
            "seq": self.seq, "answers": dict(self.answers),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CallState:
        return cls(
            node=str(data.get("node", "")), language=str(data.get("language", "id")),
            retries=int(data.get("retries", 0)), seq=int(data.get("seq", 0)),
            answers={str(k): str(v) for k, v in dict(data.get("answers", {})).items()},
        )

    def with_answer(self, key: str, value: str) -> CallState:
        return replace(self, answers={**self.answers, key: value})


@dataclass(frozen=True, slots=True)
class Turn:
    """The engine's answer to one event: the new state, what the caller hears, and any action."""

    state: CallState
    steps: tuple[Step, ...]
    action: Action | None = None

    @property
    def ended(self) -> bool:
        return any(isinstance(s, Hangup) for s in self.steps)
