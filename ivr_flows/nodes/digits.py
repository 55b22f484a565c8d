"""`digits`: key in a number of `length` digits (ended by # or by length), checked by `check`
(a named input check from the host, e.g. a ticket's check digit)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from ivr_flows.flow import Flow, Outcome
from ivr_flows.nodes.base import Context, NodeId, PromptId
from ivr_flows.nodes.waiting import WaitingNode
from ivr_flows.steps import CallState, Digits, Event, Gather


class DigitsNode(WaitingNode):
    """Ask for digits (a ticket number) and keep them in the call's answers."""

    type: Literal["digits"]
    operator_key: ClassVar[bool] = True
    prompt: PromptId
    length: int = Field(ge=1, le=20)
    exact: bool = True  # False: one to `length` digits, ended by #
    check_with: str | None = Field(default=None, alias="check")
    save: str = Field(pattern=r"^[a-z_]+$")
    next: NodeId

    def check(self, path: str, context: Context) -> list[str]:
        if self.check_with and self.check_with not in context.refs.checks:
            return [f"{path}.check {self.check_with!r}: unknown check; use "
                    + ", ".join(sorted(context.refs.checks) or ["none"])]
        return []

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        gather = Gather((flow.say(state, self.prompt),), num_digits=self.length,
                        timeout_seconds=8, finish_on_key="#")
        return Outcome(state, (gather,))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if not isinstance(event, Digits):
            return self.no_input(flow, state)
        if self.wants_operator(flow, event):
            return Outcome(state, goto=flow.operator)
        value = event.value.strip("#*")
        size_ok = len(value) == self.length if self.exact else 1 <= len(value) <= self.length
        valid = size_ok and value.isascii() and value.isdigit()
        if valid and self.check_with:
            valid = flow.checks[self.check_with](value)
        if not valid:
            return self.invalid(flow, state)
        return Outcome(state.with_answers(**{self.save: value}), goto=self.next)
