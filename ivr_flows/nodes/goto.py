"""`goto`: go on to `next` without a word."""

from __future__ import annotations

from typing import Literal

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import NodeBase, NodeId
from ivr_flows.steps import CallState


class GotoNode(NodeBase):
    """Go on to another node at once."""

    type: Literal["goto"]
    next: NodeId

    def targets(self) -> dict[str, str]:
        return {"next": self.next}

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        return Outcome(state, goto=self.next)
