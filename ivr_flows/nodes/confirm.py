"""`confirm`: read back what was gathered: 1 to go on, 2 to redo."""

from __future__ import annotations

from typing import ClassVar, Literal

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import NodeId, PromptId
from ivr_flows.nodes.waiting import WaitingNode
from ivr_flows.steps import CallState, Digits, Event, Gather


class ConfirmNode(WaitingNode):
    """Read the report back and ask the caller to confirm it (1) or start again (2)."""

    type: Literal["confirm"]
    operator_key: ClassVar[bool] = True
    prompt: PromptId
    confirmed: NodeId  # on 1
    redo: NodeId  # on 2

    def targets(self) -> dict[str, str]:
        return {"confirmed": self.confirmed, "redo": self.redo, **self.fail_edge()}

    def prompts_used(self) -> list[tuple[str, str]]:
        # The read-back names what is not known yet with these.
        return [*super().prompts_used(), ("prompt", "unknown_category"),
                ("prompt", "unknown_area")]

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        said = flow.say(state, self.prompt, **flow.describe(state))
        return Outcome(state, (Gather((said,), num_digits=1),))

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
