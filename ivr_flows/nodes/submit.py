"""`submit`: ask the host to store the report; `set` adds answers first (e.g. a category)."""

from __future__ import annotations

from typing import Literal

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import Context, NodeBase, NodeId, check_names
from ivr_flows.steps import CallState, Event, SubmitReport, Submitted


class SubmitNode(NodeBase):
    """File the report from the call's answers, then go on."""

    type: Literal["submit"]
    set: dict[str, str] = {}
    next: NodeId

    def targets(self) -> dict[str, str]:
        return {"next": self.next}

    def check(self, path: str, context: Context) -> list[str]:
        return check_names(f"{path}.set", self.set, context.refs)

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        ready = state.with_answers(**self.set)
        return Outcome(ready, action=SubmitReport(dict(ready.answers)))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, Submitted):
            return Outcome(state.with_answers(ticket=event.ticket), goto=self.next)
        return super().handle(flow, state, event)
