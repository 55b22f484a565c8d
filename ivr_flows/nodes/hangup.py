"""`hangup`: say goodbye (optionally) and end the call."""

from __future__ import annotations

from typing import ClassVar, Literal

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import NodeBase, PromptId
from ivr_flows.steps import CallState, Hangup


class HangupNode(NodeBase):
    """Say goodbye and end the call."""

    type: Literal["hangup"]
    ends_call: ClassVar[bool] = True
    prompt: PromptId | None = None

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.prompt,) if self.prompt else ()

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        said = (flow.say(state, self.prompt),) if self.prompt else ()
        return Outcome(state, (*said, Hangup()))
