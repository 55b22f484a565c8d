"""`handoff`: connect the caller to an operator; `no_answer` when nobody takes the call in time."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import NodeBase, NodeId, PromptId
from ivr_flows.steps import CallState, Event, Handoff, HandoffEnded


class HandoffNode(NodeBase):
    """Put the caller in the operators' queue, with hold prompts while they wait."""

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

    def hold_texts(self, flow: Flow, language: str, position: int) -> list[str]:
        """What a caller waiting in the queue hears: their position and an apology."""
        return [flow.text(language, self.hold_position_prompt, position=str(max(position, 1))),
                flow.text(language, self.hold_prompt)]
