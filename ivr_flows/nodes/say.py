"""`say`: speak a prompt, then go on to `next`."""

from __future__ import annotations

from typing import Literal

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import NodeBase, NodeId, PromptId
from ivr_flows.steps import CallState


class SayNode(NodeBase):
    """Play prompts, then go on."""

    type: Literal["say"]
    prompt: PromptId
    next: NodeId

    def targets(self) -> dict[str, str]:
        return {"next": self.next}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.prompt,)

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        return Outcome(state, (flow.say(state, self.prompt),), goto=self.next)

