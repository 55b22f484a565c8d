"""`ticket`: read the new ticket back in short groups; 1 repeats it."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import NodeId, PromptId
from ivr_flows.nodes.waiting import WaitingNode
from ivr_flows.steps import CallState, Digits, Event, Gather

MAX_TICKET_REPEATS = 3


def spoken_digits(number: str, group: int = 3) -> str:
    """'123456789' -> '1 2 3, 4 5 6, 7 8 9': digit by digit, in short groups with a pause."""
    groups = [number[i : i + group] for i in range(0, len(number), group)]
    return ", ".join(" ".join(g) for g in groups)


class TicketNode(WaitingNode):
    """Read the new ticket number to the caller, digit by digit, and offer to repeat it."""

    type: Literal["ticket"]
    prompt: PromptId
    repeat_prompt: PromptId
    next: NodeId

    def targets(self) -> dict[str, str]:
        return {"next": self.next, **self.fail_edge()}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.prompt, self.repeat_prompt, *self.retry_prompts())

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        ticket = spoken_digits(state.answers.get("ticket", ""))
        said = flow.say(state, self.prompt, ticket=ticket)
        return Outcome(state, (said, Gather((flow.say(state, self.repeat_prompt),),
                                            num_digits=1, timeout_seconds=5)))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, Digits) and event.value == "1" and state.retries < MAX_TICKET_REPEATS:
            return self.enter(flow, replace(state, retries=state.retries + 1))
        return Outcome(state, goto=self.next)
