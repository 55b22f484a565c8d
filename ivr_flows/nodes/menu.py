"""`menu`: options by key (and by speech, where the language has a recogniser).

Each option names where it leads and what it sets (a category, an area); its spoken name comes
from its `label` prompt or, for categories and areas, from the city's config (filled in by
`prepared` when the flow loads).
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from ivr_flows.flow import SPEECH_LANGUAGES, Flow, Outcome
from ivr_flows.nodes.base import Context, Key, NodeBase, NodeId, PromptId, check_names
from ivr_flows.nodes.waiting import WaitingNode
from ivr_flows.steps import CallState, Digits, Event, Gather, Say, Speech


class MenuOption(BaseModel):
    """One choice of a menu: its key, its words for speech, its target and what it sets."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Key
    next: NodeId
    set: dict[str, str] = {}
    label: PromptId | None = None
    speech: dict[str, list[str]] = {}
    labels: dict[str, str] = {}  # filled when the flow loads: the option's name by language


def mid_sentence(name: str) -> str:
    """'Jalan atau jembatan rusak' -> 'jalan atau jembatan rusak' (but 'KTP, KK' stays)."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


class MenuNode(WaitingNode):
    """Offer choices by key (and by voice); the choice sets answers and picks the next node."""

    type: Literal["menu"]
    operator_key: ClassVar[bool] = True
    prompt: PromptId
    options: list[MenuOption] = Field(min_length=1, max_length=10)
    speech: bool = False

    def targets(self) -> dict[str, str]:
        edges = {f"options[{i}].next": o.next for i, o in enumerate(self.options)}
        return {**edges, **self.fail_edge()}

    def prompt_ids(self) -> tuple[str, ...]:
        labels = tuple(o.label for o in self.options if o.label)
        return (self.prompt, *labels, *self.retry_prompts())

    def prompts_used(self) -> list[tuple[str, str]]:
        star = [("options", "key_star")] if any(o.key == "*" for o in self.options) else []
        return [*super().prompts_used(), *star]

    def check(self, path: str, context: Context) -> list[str]:
        errors = []
        keys = [o.key for o in self.options]
        for index, key in enumerate(keys):
            if key in keys[:index]:
                errors.append(f"{path}.options[{index}].key {key!r}: used twice")
        for index, option in enumerate(self.options):
            errors += check_names(f"{path}.options[{index}].set", option.set, context.refs)
            for language in option.speech:
                if language not in context.languages:
                    errors.append(f"{path}.options[{index}].speech.{language}: "
                                  "not a language of this flow")
        return errors

    def prepared(self, context: Context) -> NodeBase:
        options = []
        for option in self.options:
            labels: dict[str, str] = {}
            category = option.set.get("category", "")
            place = option.set.get("area") or option.set.get("kecamatan", "")
            crop = context.refs.names.get(f"commodity:{option.set.get('commodity', '')}", {})
            for language in context.languages:
                if option.label:
                    labels[language] = context.prompts.get(option.label, {}).get(language, "")
                elif crop:
                    labels[language] = crop.get(language) or crop.get("id", "")
                elif category in context.refs.categories:
                    names = context.refs.categories[category]
                    labels[language] = mid_sentence(names.get(language) or names.get("id", ""))
                elif place in context.refs.areas:
                    labels[language] = context.refs.areas[place]
            options.append(option.model_copy(update={"labels": labels}))
        return self.model_copy(update={"options": options})

    def listens(self, flow: Flow, state: CallState) -> str:
        if not (flow.speech and self.speech) or state.keypad_only:
            return ""
        return SPEECH_LANGUAGES.get(state.language, "")

    def fixed_texts(self, flow: Flow, state: CallState) -> tuple[Say, ...]:
        return self.describe(flow, state)

    def describe(self, flow: Flow, state: CallState) -> tuple[Say, ...]:
        """'Untuk <label>, tekan <key>.' for every option that has a label; a label that holds
        `{key}` is a whole sentence of its own ('Jika tidak tahu desanya, tekan 4.')."""
        said = []
        for option in self.options:
            label = option.labels.get(state.language)
            if not label:
                continue
            key = flow.text(state.language, "key_star") if option.key == "*" else option.key
            text = (label.format(key=key) if "{key}" in label else
                    flow.text(state.language, flow.defaults.option_prompt, label=label, key=key))
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
