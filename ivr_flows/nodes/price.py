"""`price`: the latest market price of the commodity in answer `commodity`, then `next`.

The host looks it up (`LookupPrice`) and answers with the figures in words (`PriceQuoted`); the
node says them with its prompts: the price, the change against a week before (up, down, the
same, or nothing to compare), and that it is old when it is.
"""

from __future__ import annotations

from typing import Literal

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import NodeBase, NodeId, PromptId
from ivr_flows.steps import CallState, Event, LookupPrice, PriceQuoted, Say


class PriceNode(NodeBase):
    """Say the latest price of the chosen commodity."""

    type: Literal["price"]
    found_prompt: PromptId  # {commodity} {market} {day} {price} {unit}
    none_prompt: PromptId  # {commodity}
    up_prompt: PromptId  # {amount}
    down_prompt: PromptId  # {amount}
    same_prompt: PromptId
    old_prompt: PromptId  # {days}
    next: NodeId

    def targets(self) -> dict[str, str]:
        return {"next": self.next}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.found_prompt, self.none_prompt, self.up_prompt, self.down_prompt,
                self.same_prompt, self.old_prompt)

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        return Outcome(state, action=LookupPrice(state.answers.get("commodity", "")))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if not isinstance(event, PriceQuoted):
            return super().handle(flow, state, event)
        commodity = flow.name_say("commodity", state.answers.get("commodity", ""),
                                  state.language)
        if not event.found:
            return Outcome(state, (flow.say(state, self.none_prompt, commodity=commodity),),
                           goto=self.next)
        said: list[Say] = [flow.say(state, self.found_prompt, commodity=commodity,
                                    market=event.market, day=event.day, price=event.price,
                                    unit=event.unit)]
        if event.compared:
            amount = f"{abs(event.change):,}".replace(",", ".")
            said.append(flow.say(state, self.same_prompt) if event.change == 0 else
                        flow.say(state, self.up_prompt if event.change > 0 else self.down_prompt,
                                 amount=amount))
        if event.stale_days:
            said.append(flow.say(state, self.old_prompt, days=str(event.stale_days)))
        return Outcome(state, tuple(said), goto=self.next)
