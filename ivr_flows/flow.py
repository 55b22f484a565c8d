"""A loaded flow: its prompts in every language, its nodes, and what the engine needs to run it.

`Flow` is built only by `ivr_flows.loader.load_flow`, which has checked it; the engine trusts it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ivr_flows.steps import Action, CallState, Event, Say, Step

# Languages a menu may listen to; Javanese has no recogniser, so Javanese callers use the keypad.
SPEECH_LANGUAGES: Mapping[str, str] = {"id": "id-ID", "en": "en-US"}


class FlowNode(Protocol):
    """What the engine asks of a node (`ivr_flows.nodes` has the node types)."""

    @property
    def id(self) -> str: ...

    def enter(self, flow: Flow, state: CallState) -> Outcome: ...

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome: ...

    def fixed_texts(self, flow: Flow, state: CallState) -> tuple[Say, ...]: ...


@dataclass(frozen=True)
class Defaults:
    """What every waiting node uses unless it says otherwise."""

    retries: int = 2
    no_input_prompt: str = "no_input"
    invalid_prompt: str = "invalid"
    speech_unclear_prompt: str = "speech_unclear"
    option_prompt: str = "option"
    on_fail: str = ""
    speech_confidence: float = 0.5


@dataclass(frozen=True)
class Flow:
    """A loaded, checked flow: its nodes by id, prompts by language, and defaults."""

    id: str
    start: str
    languages: tuple[str, ...]
    operator: str
    defaults: Defaults
    prompts: Mapping[str, Mapping[str, str]]
    nodes: Mapping[str, FlowNode]
    # "category:<code>" / "area:<code>" -> name in each language, for read-backs.
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    checks: Mapping[str, Callable[[str], bool]] = field(default_factory=dict)
    speech: bool = True

    def text(self, language: str, prompt_id: str, **values: str) -> str:
        texts = self.prompts[prompt_id]
        template = texts.get(language) or texts[self.languages[0]]
        return template.format(**values) if values else template

    def name(self, kind: str, code: str, language: str) -> str:
        names = self.names.get(f"{kind}:{code}", {})
        return names.get(language) or names.get(self.languages[0], "")

    def describe(self, state: CallState) -> dict[str, str]:
        """What the caller chose so far, in words: values for read-back prompts."""
        answers, language = state.answers, state.language
        area = answers.get("area") or answers.get("kecamatan", "")
        return {
            "category": self.name("category", answers.get("category", ""), language)
            or self.text(language, "unknown_category"),
            "area": self.name("area", area, language) or self.text(language, "unknown_area"),
        }

    def fixed_texts(self) -> list[Say]:
        """Every text the flow speaks that has no value filled in at call time, in every language:
        what can be rendered to audio ahead of time."""
        texts: list[Say] = []
        for prompt_id, by_language in sorted(self.prompts.items()):
            for language in self.languages:
                text = by_language.get(language, "")
                if text and "{" not in text:
                    texts.append(Say(text, language, prompt_id))
        for node in self.nodes.values():
            for language in self.languages:
                state = CallState(language=language)
                texts.extend(node.fixed_texts(self, state))
        return texts

    def say(self, state: CallState, prompt_id: str, **values: str) -> Say:
        """A Say step; fixed prompts keep their id so a rendered or recorded file can replace it."""
        text = self.text(state.language, prompt_id, **values)
        return Say(text, state.language, "" if values else prompt_id)


@dataclass(frozen=True)
class Outcome:
    """What a node decided: the state, steps to add, and where to go (or an action to run)."""

    state: CallState
    steps: tuple[Step, ...] = ()
    goto: str = ""
    action: Action | None = None
