"""The IVR engine: a pure function of (flow, call state, event) -> turn.

`advance` lets the current node handle the event, then follows `goto`s through nodes that need no
input (prompts, jumps) until it reaches one that waits for the caller, asks the host for an
action, or hangs up. The host runs an action and feeds its result back as the next event.
"""

from __future__ import annotations

from dataclasses import replace

from ivr_flows.errors import EngineError
from ivr_flows.flow import Flow, Outcome
from ivr_flows.steps import CallState, Event, Start, Turn

MAX_HOPS = 64  # the loader forbids loops without input; this only guards a broken flow


def _follow(flow: Flow, out: Outcome) -> Outcome:
    hops = 0
    while out.goto and out.action is None:
        node = flow.nodes.get(out.goto)
        if node is None:
            raise EngineError(f"flow {flow.id!r} has no node {out.goto!r}")
        state = replace(out.state, node=node.id, retries=0, keypad_only=False)
        step = node.enter(flow, state)
        out = Outcome(step.state, out.steps + step.steps, step.goto, step.action)
        hops += 1
        if hops > MAX_HOPS:
            raise EngineError(f"flow {flow.id!r} loops without input at {node.id!r}")
    return out


def start_state(flow: Flow, event: Start, seq: int) -> CallState:
    """The state of a new call at the flow's start node."""
    remembered = event.remembered_language if event.remembered_language in flow.languages else ""
    return CallState(
        language=remembered or flow.languages[0], seq=seq,
        answers={"language": remembered} if remembered else {},
    )


def advance(flow: Flow, state: CallState, event: Event) -> Turn:
    """Move the caller one step: the new state, what they hear next, and any action requested."""
    if isinstance(event, Start):
        out = _follow(flow, Outcome(start_state(flow, event, state.seq), goto=flow.start))
    else:
        node = flow.nodes.get(state.node)
        if node is None:
            raise EngineError(f"flow {flow.id!r} has no node {state.node!r}")
        out = _follow(flow, node.handle(flow, state, event))
    return Turn(replace(out.state, seq=state.seq + 1), out.steps, out.action)
