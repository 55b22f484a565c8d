"""A loaded flow: its prompts in every language, its nodes, and what the engine needs to run it.

`Flow` is built only by `ivr_flows.loader.load_flow`, which has checked it; the engine trusts it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from string import Formatter
from typing import Protocol

from ivr_flows.steps import Action, CallState, Event, Pause, Say, Step

# Languages a menu may listen to; Javanese has no recogniser, so Javanese callers use the keypad.
SPEECH_LANGUAGES: Mapping[str, str] = {"id": "id-ID", "en": "en-US"}
# The prompts that speak single digits, for numbers read out as clips.
DIGIT_PROMPTS = tuple(f"digit_{d}" for d in range(10))
# The kinds of name a flow knows in every language (`Flow.names`), each spoken as a clip.
NAME_KINDS = ("category", "area", "agency")


def spoken_digits(number: str, group: int = 3) -> str:
    """'123456789' -> '1 2 3, 4 5 6, 7 8 9': digit by digit, in short groups with a pause."""
    groups = [number[i : i + group] for i in range(0, len(number), group)]
    return ", ".join(" ".join(g) for g in groups)


def template_parts(prompt_id: str, template: str) -> Iterator[tuple[str, str, str | None]]:
    """The pieces of a prompt with values: (clip id, its own words, the value after them).
    A piece without words (only punctuation or spaces) has an empty clip id."""
    for index, (literal, name, _spec, _conversion) in enumerate(Formatter().parse(template)):
        words = literal.strip()
        has_words = any(ch.isalnum() for ch in words)
        yield (f"{prompt_id}.part{index}" if has_words else "", words, name)


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

    def describe(self, state: CallState) -> dict[str, str | Say]:
        """What the caller chose so far, in words (clips): values for read-back prompts."""
        answers, language = state.answers, state.language
        area = answers.get("area") or answers.get("kecamatan", "")
        category = self.name_say("category", answers.get("category", ""), language)
        place = self.name_say("area", area, language)
        return {
            "category": category if category.text else self.say(state, "unknown_category"),
            "area": place if place.text else self.say(state, "unknown_area"),
        }

    def fixed_texts(self) -> list[Say]:
        """Every text the flow speaks that has no value filled in at call time, in every language,
        and every clip the other texts are made of (their own words, digits, names): what can be
        rendered to audio ahead of time."""
        texts: list[Say] = []
        for prompt_id, by_language in sorted(self.prompts.items()):
            for language in self.languages:
                text = by_language.get(language, "")
                if text and "{" not in text:
                    texts.append(Say(text, language, prompt_id))
                elif text:
                    texts.extend(Say(words, language, clip)
                                 for clip, words, _ in template_parts(prompt_id, text) if clip)
        for key in sorted(self.names):
            for language in self.languages:
                kind, code = key.split(":", 1)
                named = self.name_say(kind, code, language)
                if named.text:
                    texts.append(named)
        for node in self.nodes.values():
            for language in self.languages:
                state = CallState(language=language)
                texts.extend(node.fixed_texts(self, state))
        return texts

    def say(self, state: CallState, prompt_id: str, **values: str | Say) -> Say:
        """A Say step; fixed prompts keep their id so a rendered or recorded file can replace it.
        With values, the step also lists its clips when every value is itself a clip (a `Say`
        with a prompt id, or with clips of its own)."""
        language = self.text_language(state.language, prompt_id)
        if not values:
            return Say(self.text(language, prompt_id), state.language, prompt_id)
        texts = {k: v.text if isinstance(v, Say) else v for k, v in values.items()}
        text = self.text(language, prompt_id, **texts)
        return Say(text, state.language, "", self._clips(prompt_id, language, values))

    def text_language(self, language: str, prompt_id: str) -> str:
        """The language a prompt is spoken in: `language`, or the flow's first one."""
        return language if self.prompts[prompt_id].get(language) else self.languages[0]

    def _clips(self, prompt_id: str, language: str,
               values: Mapping[str, str | Say]) -> tuple[Say | Pause, ...]:
        clips: list[Say | Pause] = []
        for clip, words, name in template_parts(prompt_id, self.text(language, prompt_id)):
            if clip:
                clips.append(Say(words, language, clip))
            if name is None:
                continue
            value = values.get(name)
            if not isinstance(value, Say) or not (value.clips or value.prompt_id):
                return ()  # a value with no audio of its own: the text is spoken whole
            clips.extend(value.clips or (value,))
        return tuple(clips)

    def name_say(self, kind: str, code: str, language: str) -> Say:
        """A category, area or agency name as a clip (empty text when the flow has no name)."""
        return Say(self.name(kind, code, language), language, f"{kind}.{code}")

    def digits_say(self, state: CallState, number: str) -> Say:
        """A number read digit by digit in groups of three, with clips when the flow has the
        `digit_0`..`digit_9` prompts."""
        text = spoken_digits(number)
        if not number.isdigit() or not all(p in self.prompts for p in DIGIT_PROMPTS):
            return Say(text, state.language)
        clips: list[Say | Pause] = []
        for index, digit in enumerate(number):
            if index and index % 3 == 0:
                clips.append(Pause(1))
            clips.append(self.say(state, f"digit_{digit}"))
        return Say(text, state.language, "", tuple(clips))


@dataclass(frozen=True)
class Outcome:
    """What a node decided: the state, steps to add, and where to go (or an action to run)."""

    state: CallState
    steps: tuple[Step, ...] = ()
    goto: str = ""
    action: Action | None = None
