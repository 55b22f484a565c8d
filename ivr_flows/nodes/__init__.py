"""The node types of the flow language, registered by their `type` name.

One module per node type (its schema, checks and behaviour); this registry is the one list of
them. A new node type is one module plus one entry in `NODE_TYPES`.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field

from ivr_flows.flow import spoken_digits
from ivr_flows.nodes.base import Context, Key, NodeBase, NodeId, PromptId, References
from ivr_flows.nodes.confirm import ConfirmNode
from ivr_flows.nodes.digits import DigitsNode
from ivr_flows.nodes.goto import GotoNode
from ivr_flows.nodes.handoff import HandoffNode
from ivr_flows.nodes.hangup import HangupNode
from ivr_flows.nodes.language import LanguageNode
from ivr_flows.nodes.library import LibraryNode
from ivr_flows.nodes.menu import MenuNode, MenuOption
from ivr_flows.nodes.price import PriceNode
from ivr_flows.nodes.profile import ProfileNode
from ivr_flows.nodes.record import RecordNode
from ivr_flows.nodes.say import SayNode
from ivr_flows.nodes.status import REPORT_STATUSES, StatusNode
from ivr_flows.nodes.submit import SubmitNode
from ivr_flows.nodes.ticket import TicketNode
from ivr_flows.nodes.waiting import WaitingNode

NODE_TYPES: dict[str, type[NodeBase]] = {
    "say": SayNode, "goto": GotoNode, "hangup": HangupNode, "menu": MenuNode,
    "language": LanguageNode, "digits": DigitsNode, "record": RecordNode,
    "confirm": ConfirmNode, "submit": SubmitNode, "ticket": TicketNode, "status": StatusNode,
    "handoff": HandoffNode, "library": LibraryNode, "price": PriceNode, "profile": ProfileNode,
}
# The schema of a node in a flow file: one of the registered types, chosen by `type`.
Node: Any = Annotated[Union[tuple(NODE_TYPES.values())], Field(discriminator="type")]  # noqa: UP007

__all__ = [
    "NODE_TYPES", "REPORT_STATUSES", "ConfirmNode", "Context", "DigitsNode", "GotoNode",
    "HandoffNode", "HangupNode", "Key", "LanguageNode", "LibraryNode", "MenuNode", "MenuOption",
    "Node", "NodeBase", "NodeId", "PriceNode", "ProfileNode", "PromptId", "RecordNode",
    "References", "SayNode", "StatusNode",
    "SubmitNode", "TicketNode", "WaitingNode", "spoken_digits",
]
