"""`ticket`: read the new ticket back in short groups; 1 repeats it."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from ivr_flows.flow import DIGIT_PROMPTS, Flow, Outcome
from ivr_flows.nodes.base import NodeId, PromptId
from ivr_flows.nodes.waiting import WaitingNode
from ivr_flows.steps import CallState, Digits, Event, Gather

MAX_TICKET_REPEATS = 3


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

    def prompts_used(self) -> list[tuple[str, str]]:
        # The ticket is read digit by digit from these, so it can be played from audio.
        return [*super().prompts_used(), *(("digits", p) for p in DIGIT_PROMPTS)]

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        ticket = flow.digits_say(state, state.answers.get("ticket", ""))
        said = flow.say(state, self.prompt, ticket=ticket)
        return Outcome(state, (said, Gather((flow.say(state, self.repeat_prompt),),
                                            num_digits=1, timeout_seconds=5)))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, Digits) and event.value == "1" and state.retries < MAX_TICKET_REPEATS:
            return self.enter(flow, replace(state, retries=state.retries + 1))
        return Outcome(state, goto=self.next)
