"""`profile`: the caller's farmer profile, through the host (`FarmerAction`).

`do: lookup` says what is held and goes on to `registered` or `unregistered`; `do: save` saves
the profile from the call's answers (the caller has agreed to it on the way here) and says
`prompt`; `do: forget` deletes it at once and says `prompt`.
"""

from __future__ import annotations

from typing import Literal

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import NodeBase, NodeId, PromptId
from ivr_flows.steps import CallState, Event, FarmerAction, FarmerDone, Say


class ProfileNode(NodeBase):
    """Look up, save or delete the caller's farmer profile."""

    type: Literal["profile"]
    do: Literal["lookup", "save", "forget"]
    prompt: PromptId  # lookup: {desa} {commodities}; save, forget: said when done
    next: NodeId  # lookup: where a registered farmer goes
    unregistered: NodeId | None = None  # lookup: where everyone else goes

    def targets(self) -> dict[str, str]:
        other = {"unregistered": self.unregistered} if self.unregistered else {}
        return {"next": self.next, **other}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.prompt,)

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        return Outcome(state, action=FarmerAction(self.do, dict(state.answers)))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if not isinstance(event, FarmerDone):
            return super().handle(flow, state, event)
        if self.do != "lookup":
            return Outcome(state, (flow.say(state, self.prompt),), goto=self.next)
        if not event.registered:
            return Outcome(state, goto=self.unregistered or self.next)
        names = tuple(flow.name_say("commodity", c, state.language) for c in event.commodities)
        crops = Say(", ".join(n.text for n in names), state.language, "",
                    tuple(names) if all(n.text for n in names) else ())
        desa = flow.name_say("area", event.desa, state.language)
        said = flow.say(state, self.prompt, desa=desa if desa.text else "-", commodities=crops)
        return Outcome(state, (said,), goto=self.next)
