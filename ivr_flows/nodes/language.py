"""`language`: choose the call's language; skipped when the caller chose one on a former call."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import Context, Key, NodeId, PromptId
from ivr_flows.nodes.waiting import WaitingNode
from ivr_flows.steps import CallState, Digits, Event, Gather, NoInput


class LanguageNode(WaitingNode):
    """Ask the caller to choose their language and keep it for the call."""

    type: Literal["language"]
    prompt: PromptId
    options: dict[Key, str]
    next: NodeId

    def check(self, path: str, context: Context) -> list[str]:
        return [f"{path}.options.{key} {language!r}: not a language of this flow"
                for key, language in self.options.items() if language not in context.languages]

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
