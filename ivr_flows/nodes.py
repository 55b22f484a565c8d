"""Node types of the flow language, one small class each, registered by their `type` name.

A node's schema is its fields (checked when a flow loads); its behaviour is `enter` (what the
caller hears on arrival, or the action to run) and `handle` (what an event leads to). Nodes that
wait for the caller inherit retry handling: no input and invalid input re-prompt with a reason,
and after `retries` re-prompts the call moves to `on_fail`, so nobody is trapped in a loop.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from ivr_flows.flow import SPEECH_LANGUAGES, Flow, Outcome
from ivr_flows.steps import (
    CallState,
    Digits,
    Event,
    Gather,
    Handoff,
    HandoffEnded,
    Hangup,
    LookupStatus,
    NoInput,
    Record,
    Recorded,
    Say,
    Speech,
    StatusFound,
    SubmitReport,
    Submitted,
)

NodeId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
PromptId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
Key = Annotated[str, Field(pattern=r"^[0-9*]$")]
MAX_TICKET_REPEATS = 3


def spoken_digits(number: str, group: int = 3) -> str:
    """'123456789' -> '1 2 3, 4 5 6, 7 8 9': digit by digit, in short groups with a pause."""
    groups = [number[i : i + group] for i in range(0, len(number), group)]
    return ", ".join(" ".join(g) for g in groups)


class NodeBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = ""
    waits: ClassVar[bool] = False

    def targets(self) -> dict[str, str]:
        """Outgoing edges: field path -> node id."""
        return {}

    def prompt_ids(self) -> tuple[str, ...]:
        return ()

    def fixed_texts(self, flow: Flow, state: CallState) -> tuple[Say, ...]:
        """Texts this node speaks that are built from config but fixed (menu options)."""
        return ()

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        raise NotImplementedError

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        # A node that waits for nothing got an event: the call is over or the event is stale.
        return Outcome(state, (Hangup(),))


class WaitingNode(NodeBase):
    """A node that waits for the caller; retry fields default to the flow's `defaults`."""

    waits: ClassVar[bool] = True
    prompt: PromptId
    retries: int | None = Field(default=None, ge=0, le=5)
    on_fail: NodeId | None = None
    no_input_prompt: PromptId | None = None
    invalid_prompt: PromptId | None = None

    def fail_target(self, flow: Flow) -> str:
        return self.on_fail or flow.defaults.on_fail

    def limit(self, flow: Flow) -> int:
        return flow.defaults.retries if self.retries is None else self.retries

    def retry(self, flow: Flow, state: CallState, prompt_id: str, fallback: str = "") -> Outcome:
        """Re-prompt after `prompt_id`, or leave for `fallback` (else on_fail) once used up."""
        if state.retries >= self.limit(flow):
            return Outcome(state, goto=fallback or self.fail_target(flow))
        again = replace(state, retries=state.retries + 1)
        out = self.enter(flow, again)
        return replace(out, steps=(flow.say(again, prompt_id), *out.steps))

    def no_input(self, flow: Flow, state: CallState) -> Outcome:
        return self.retry(flow, state, self.no_input_prompt or flow.defaults.no_input_prompt)

    def invalid(self, flow: Flow, state: CallState) -> Outcome:
        return self.retry(flow, state, self.invalid_prompt or flow.defaults.invalid_prompt)

    def wants_operator(self, flow: Flow, event: Event) -> bool:
        """0 from any menu reaches an operator (unless this node is on the way there)."""
        return (
            isinstance(event, Digits) and event.value == "0" and bool(flow.operator)
            and self.id != flow.operator
        )

    def edges(self) -> dict[str, str]:
        return {"on_fail": self.on_fail} if self.on_fail else {}

    def prompts(self) -> tuple[str, ...]:
        return tuple(p for p in (self.no_input_prompt, self.invalid_prompt) if p)

    def targets(self) -> dict[str, str]:
        """`next` (for the node types that have one) and `on_fail`."""
        following: str | None = getattr(self, "next", None)
        return {**({"next": following} if following else {}), **self.edges()}

    def prompt_ids(self) -> tuple[str, ...]:
        """`prompt` and the retry prompts."""
        return (self.prompt, *self.prompts())


class SayNode(NodeBase):
    type: Literal["say"]
    prompt: PromptId
    next: NodeId

    def targets(self) -> dict[str, str]:
        return {"next": self.next}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.prompt,)

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        return Outcome(state, (flow.say(state, self.prompt),), goto=self.next)


class GotoNode(NodeBase):
    type: Literal["goto"]
    next: NodeId

    def targets(self) -> dict[str, str]:
        return {"next": self.next}

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        return Outcome(state, goto=self.next)


class HangupNode(NodeBase):
    type: Literal["hangup"]
    prompt: PromptId | None = None

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.prompt,) if self.prompt else ()

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        said = (flow.say(state, self.prompt),) if self.prompt else ()
        return Outcome(state, (*said, Hangup()))


class MenuOption(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Key
    next: NodeId
    set: dict[str, str] = {}
    label: PromptId | None = None
    speech: dict[str, list[str]] = {}
    labels: dict[str, str] = {}  # filled by the loader: the option's name in each language


class MenuNode(WaitingNode):
    type: Literal["menu"]
    prompt: PromptId
    options: list[MenuOption] = Field(min_length=1, max_length=10)
    speech: bool = False

    def targets(self) -> dict[str, str]:
        edges = {f"options[{i}].next": o.next for i, o in enumerate(self.options)}
        return {**edges, **self.edges()}

    def prompt_ids(self) -> tuple[str, ...]:
        labels = tuple(o.label for o in self.options if o.label)
        return (self.prompt, *labels, *self.prompts())

    def listens(self, flow: Flow, state: CallState) -> str:
        if not (flow.speech and self.speech) or state.keypad_only:
            return ""
        return SPEECH_LANGUAGES.get(state.language, "")

    def fixed_texts(self, flow: Flow, state: CallState) -> tuple[Say, ...]:
        return self.describe(flow, state)

    def describe(self, flow: Flow, state: CallState) -> tuple[Say, ...]:
        """'Untuk <label>, tekan <key>.' for every option that has a label."""
        said = []
        for option in self.options:
            label = option.labels.get(state.language)
            if not label:
                continue
            key = flow.text(state.language, "key_star") if option.key == "*" else option.key
            text = flow.text(state.language, flow.defaults.option_prompt, label=label, key=key)
            said.append(Say(text, state.language, f"{self.id}.option.{option.key}"))
        return tuple(said)

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        language = self.listens(flow, state)
        hints = tuple(
            word for o in self.options for word in o.speech.get(state.language, [])
        ) if language else ()
        gather = Gather((flow.say(state, self.prompt), *self.describe(flow, state)),
                        num_digits=1, speech_language=language, hints=hints)
        return Outcome(state, (gather,))

    def choose(self, option: MenuOption, state: CallState) -> Outcome:
        return Outcome(state.with_answers(**option.set), goto=option.next)

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, Digits):
            option = next((o for o in self.options if o.key == event.value), None)
            if option is not None:
                return self.choose(option, state)
            if self.wants_operator(flow, event):
                return Outcome(state, goto=flow.operator)
            return self.invalid(flow, state)
        if isinstance(event, Speech):
            option = self.match_speech(flow, state, event)
            if option is not None:
                return self.choose(option, state)
            # Unclear speech: ask again, keypad only, so a noisy line cannot trap the caller.
            return self.retry(flow, replace(state, keypad_only=True),
                              flow.defaults.speech_unclear_prompt)
        return self.no_input(flow, state)

    def match_speech(self, flow: Flow, state: CallState, event: Speech) -> MenuOption | None:
        if event.confidence < flow.defaults.speech_confidence:
            return None
        heard = f" {event.text.lower()} "
        for option in self.options:
            for word in option.speech.get(state.language, []):
                if f" {word.lower()} " in heard or word.lower() in heard.split():
                    return option
        return None


class LanguageNode(WaitingNode):
    """Choose the call's language; skipped when the caller chose one on a former call."""

    type: Literal["language"]
    prompt: PromptId
    options: dict[Key, str]
    next: NodeId

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        if state.answers.get("language") in flow.languages:
            return Outcome(state, goto=self.next)
        return Outcome(state, (Gather((flow.say(state, self.prompt),), num_digits=1),))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, Digits) and event.value in self.options:
            language = self.options[event.value]
            chosen = replace(state, language=language).with_answers(language=language)
            return Outcome(chosen, goto=self.next)
        if state.retries >= self.limit(flow):
            # Nobody chose after the retries: carry on in the flow's first language rather than
            # hang up on a caller who may not understand the question (and remember nothing).
            return Outcome(replace(state, language=flow.languages[0]), goto=self.next)
        if isinstance(event, NoInput):
            return self.no_input(flow, state)
        return self.invalid(flow, state)


class DigitsNode(WaitingNode):
    """Key in a number of `length` digits (ended by # or by length), checked by `check`."""

    type: Literal["digits"]
    prompt: PromptId
    length: int = Field(ge=1, le=20)
    check: str | None = None
    save: str = Field(pattern=r"^[a-z_]+$")
    next: NodeId

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        gather = Gather((flow.say(state, self.prompt),), num_digits=self.length,
                        timeout_seconds=8, finish_on_key="#")
        return Outcome(state, (gather,))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if not isinstance(event, Digits):
            return self.no_input(flow, state)
        if self.wants_operator(flow, event):
            return Outcome(state, goto=flow.operator)
        value = event.value.strip("#*")
        valid = len(value) == self.length and value.isdigit()
        if valid and self.check:
            valid = flow.checks[self.check](value)
        if not valid:
            return self.invalid(flow, state)
        return Outcome(state.with_answers(**{self.save: value}), goto=self.next)


class RecordNode(WaitingNode):
    """Record a message after a beep; silence asks again, then moves on to `on_empty`."""

    type: Literal["record"]
    prompt: PromptId
    max_seconds: int = Field(default=120, ge=5, le=600)
    save: str = Field(pattern=r"^[a-z_]+$")
    next: NodeId
    on_empty: NodeId | None = None

    def targets(self) -> dict[str, str]:
        empty = {"on_empty": self.on_empty} if self.on_empty else {}
        return {"next": self.next, **empty, **self.edges()}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.prompt, *self.prompts())

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        return Outcome(state, (flow.say(state, self.prompt), Record(self.max_seconds)))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, Recorded) and event.duration_seconds > 0:
            saved = state.with_answers(**{self.save: event.url, f"{self.save}_sid": event.sid})
            return Outcome(saved, goto=self.next)
        prompt = self.no_input_prompt or flow.defaults.no_input_prompt
        return self.retry(flow, state, prompt, fallback=self.on_empty or self.next)


class ConfirmNode(WaitingNode):
    """Read back what was gathered: 1 to go on, 2 to redo."""

    type: Literal["confirm"]
    prompt: PromptId
    confirmed: NodeId  # on 1
    redo: NodeId  # on 2

    def targets(self) -> dict[str, str]:
        return {"confirmed": self.confirmed, "redo": self.redo, **self.edges()}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.prompt, *self.prompts())

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        text = flow.text(state.language, self.prompt, **flow.describe(state))
        return Outcome(state, (Gather((Say(text, state.language),), num_digits=1),))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, Digits):
            if event.value == "1":
                return Outcome(state, goto=self.confirmed)
            if event.value == "2":
                return Outcome(state, goto=self.redo)
            if self.wants_operator(flow, event):
                return Outcome(state, goto=flow.operator)
            return self.invalid(flow, state)
        return self.no_input(flow, state)


class SubmitNode(NodeBase):
    """Ask the host to store the report; `set` adds answers first (e.g. a category)."""

    type: Literal["submit"]
    set: dict[str, str] = {}
    next: NodeId

    def targets(self) -> dict[str, str]:
        return {"next": self.next}

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        ready = state.with_answers(**self.set)
        return Outcome(ready, action=SubmitReport(dict(ready.answers)))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, Submitted):
            return Outcome(state.with_answers(ticket=event.ticket), goto=self.next)
        return super().handle(flow, state, event)


class TicketNode(WaitingNode):
    """Read the new ticket back in short groups; 1 repeats it."""

    type: Literal["ticket"]
    prompt: PromptId
    repeat_prompt: PromptId
    next: NodeId

    def targets(self) -> dict[str, str]:
        return {"next": self.next, **self.edges()}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.prompt, self.repeat_prompt, *self.prompts())

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        ticket = spoken_digits(state.answers.get("ticket", ""))
        said = flow.say(state, self.prompt, ticket=ticket)
        return Outcome(state, (said, Gather((flow.say(state, self.repeat_prompt),),
                                            num_digits=1, timeout_seconds=5)))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, Digits) and event.value == "1" and state.retries < MAX_TICKET_REPEATS:
            return self.enter(flow, replace(state, retries=state.retries + 1))
        return Outcome(state, goto=self.next)


class StatusNode(NodeBase):
    """Look up the report whose ticket is in answer `ticket_from` and say where it stands."""

    type: Literal["status"]
    ticket_from: str = Field(pattern=r"^[a-z_]+$")
    found_prompt: PromptId
    not_found_prompt: PromptId
    next: NodeId

    def targets(self) -> dict[str, str]:
        return {"next": self.next}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.found_prompt, self.not_found_prompt)

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        return Outcome(state, action=LookupStatus(state.answers.get(self.ticket_from, "")))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if not isinstance(event, StatusFound):
            return super().handle(flow, state, event)
        ticket = spoken_digits(state.answers.get(self.ticket_from, ""))
        if not event.found:
            said = flow.say(state, self.not_found_prompt, ticket=ticket)
        else:
            status = flow.text(state.language, f"status_{event.status}")
            agency = event.agency or flow.text(state.language, "agency_triage")
            said = flow.say(state, self.found_prompt, ticket=ticket, status=status, agency=agency)
        return Outcome(state, (said,), goto=self.next)


class HandoffNode(NodeBase):
    """Connect the caller to an operator; `no_answer` when nobody takes the call in time."""

    type: Literal["handoff"]
    prompt: PromptId
    hold_prompt: PromptId
    hold_position_prompt: PromptId
    queue: str = Field(pattern=r"^[a-z][a-z0-9-]{0,31}$")
    max_wait_seconds: int = Field(default=120, ge=10, le=900)
    answered: NodeId
    no_answer: NodeId

    def targets(self) -> dict[str, str]:
        return {"answered": self.answered, "no_answer": self.no_answer}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.prompt, self.hold_prompt, self.hold_position_prompt)

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        handoff = Handoff(self.queue, self.max_wait_seconds, state.language)
        return Outcome(state, (flow.say(state, self.prompt), handoff))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, HandoffEnded):
            return Outcome(state, goto=self.answered if event.answered else self.no_answer)
        return Outcome(state, goto=self.no_answer)


Node = Annotated[
    SayNode | GotoNode | HangupNode | MenuNode | LanguageNode | DigitsNode | RecordNode
    | ConfirmNode | SubmitNode | TicketNode | StatusNode | HandoffNode,
    Field(discriminator="type"),
]
NODE_TYPES = (
    SayNode, GotoNode, HangupNode, MenuNode, LanguageNode, DigitsNode, RecordNode, ConfirmNode,
    SubmitNode, TicketNode, StatusNode, HandoffNode,
)
