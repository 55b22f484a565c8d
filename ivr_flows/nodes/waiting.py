"""`WaitingNode`: the base of every node that waits for the caller.

No input and invalid input re-prompt with a reason; after `retries` re-prompts the call moves
to `on_fail` (or the flow's default), so nobody is trapped in a loop. Nodes that set
`operator_key` send a caller who presses 0 to the operator.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from pydantic import Field

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import NodeBase, NodeId, PromptId
from ivr_flows.steps import CallState, Digits, Event


class WaitingNode(NodeBase):
    """A node that waits for the caller; retry fields default to the flow's `defaults`."""

    waits: ClassVar[bool] = True
    operator_key: ClassVar[bool] = False  # 0 reaches the operator from here
    prompt: PromptId
    retries: int | None = Field(default=None, ge=0, le=5)
    on_fail: NodeId | None = None
    no_input_prompt: PromptId | None = None
    invalid_prompt: PromptId | None = None

    def fail_target(self, flow: Flow) -> str:
        return self.on_fail or flow.defaults.on_fail

    def limit(self, flow: Flow) -> int:
        return flow.defaults.retries if self.retries is None else self.retries

    def retry(self, flow: Flow, state: CallState, prompt_id: str, fallback: str = "") -> Outcome:
        """Re-prompt after `prompt_id`, or leave for `fallback` (else on_fail) once used up."""
        if state.retries >= self.limit(flow):
            return Outcome(state, goto=fallback or self.fail_target(flow))
        again = replace(state, retries=state.retries + 1)
        out = self.enter(flow, again)
        return replace(out, steps=(flow.say(again, prompt_id), *out.steps))

    def no_input(self, flow: Flow, state: CallState) -> Outcome:
        return self.retry(flow, state, self.no_input_prompt or flow.defaults.no_input_prompt)

    def invalid(self, flow: Flow, state: CallState) -> Outcome:
        return self.retry(flow, state, self.invalid_prompt or flow.defaults.invalid_prompt)

    def wants_operator(self, flow: Flow, event: Event) -> bool:
        """0 reaches an operator (unless this node is on the way there)."""
        return (self.operator_key and isinstance(event, Digits) and event.value == "0"
                and bool(flow.operator) and self.id != flow.operator)

    def fail_edge(self) -> dict[str, str]:
        return {"on_fail": self.on_fail} if self.on_fail else {}

    def retry_prompts(self) -> tuple[str, ...]:
        return tuple(p for p in (self.no_input_prompt, self.invalid_prompt) if p)

    def targets(self) -> dict[str, str]:
        """`next` (for the node types that have one) and `on_fail`."""
        following: str | None = getattr(self, "next", None)
        return {**({"next": following} if following else {}), **self.fail_edge()}

    def edges(self, on_fail: str, operator: str) -> list[str]:
        extra = [self.on_fail or on_fail]
        if operator and self.operator_key:
            extra.append(operator)
        return [*self.targets().values(), *extra]

    def prompt_ids(self) -> tuple[str, ...]:
        """`prompt` and the retry prompts."""
        return (self.prompt, *self.retry_prompts())
