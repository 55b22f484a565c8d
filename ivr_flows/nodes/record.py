"""`record`: record a message after a beep; silence asks again, then moves on to `on_empty`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import NodeId, PromptId
from ivr_flows.nodes.waiting import WaitingNode
from ivr_flows.steps import CallState, Event, Record, Recorded


class RecordNode(WaitingNode):
    """Record what the caller says about the problem."""

    type: Literal["record"]
    prompt: PromptId
    max_seconds: int = Field(default=120, ge=5, le=600)
    save: str = Field(pattern=r"^[a-z_]+$")
    next: NodeId
    on_empty: NodeId | None = None

    def targets(self) -> dict[str, str]:
        empty = {"on_empty": self.on_empty} if self.on_empty else {}
        return {"next": self.next, **empty, **self.fail_edge()}

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        return Outcome(state, (flow.say(state, self.prompt), Record(self.max_seconds)))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, Recorded) and event.duration_seconds > 0:
            saved = state.with_answers(**{self.save: event.url, f"{self.save}_sid": event.sid})
            return Outcome(saved, goto=self.next)
        prompt = self.no_input_prompt or flow.defaults.no_input_prompt
        return self.retry(flow, state, prompt, fallback=self.on_empty or self.next)
