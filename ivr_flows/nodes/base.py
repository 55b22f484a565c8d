"""What every node type is: its schema (pydantic fields), its checks, and its behaviour.

A node's `enter` says what the caller hears on arrival (or the action to run); `handle` says
what an event leads to. The loader and the validator only talk to nodes through the hooks
below, so a new node type is one module that subclasses `NodeBase` (or `WaitingNode`) and is
listed in `ivr_flows.nodes`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from ivr_flows.flow import Flow, Outcome
from ivr_flows.steps import CallState, Event, Hangup, Say

NodeId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
PromptId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
Key = Annotated[str, Field(pattern=r"^[0-9*]$")]


@dataclass(frozen=True)
class References:
    """What flows may name, from the city's config: categories (names by language), areas
    (names), agencies (spoken names by code), and the input checks digits nodes may use."""

    categories: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    areas: Mapping[str, str] = field(default_factory=dict)
    agencies: Mapping[str, str] = field(default_factory=dict)
    checks: Mapping[str, Callable[[str], bool]] = field(default_factory=dict)
    # Other names flows may read, by "kind:code" then language (the farmers' line's
    # commodities and topics: "commodity:kentang" -> {"id": "kentang", ...}).
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What a node's checks and preparation may look at: the flow file's languages and
    prompts, and the city's references."""

    languages: Sequence[str]
    prompts: Mapping[str, Mapping[str, str]]
    refs: References


def check_names(path: str, values: Mapping[str, str], refs: References) -> list[str]:
    """Problems with category, area and agency codes a node sets."""
    errors = []
    if "category" in values and values["category"] not in refs.categories:
        errors.append(f"{path}.category {values['category']!r}: not a category in config")
    for key in ("area", "kecamatan"):
        if values.get(key) and values[key] not in refs.areas:
            errors.append(f"{path}.{key} {values[key]!r}: not an area code in config")
    if "agency" in values and values["agency"] not in refs.agencies:
        errors.append(f"{path}.agency {values['agency']!r}: not an agency code in config")
    return errors


class NodeBase(BaseModel):
    """What every node type has and the hooks it may override."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = ""
    waits: ClassVar[bool] = False  # waits for the caller (so a loop through it is not endless)
    ends_call: ClassVar[bool] = False  # a path that reaches it ends the call

    def targets(self) -> dict[str, str]:
        """Outgoing edges: field path -> node id."""
        return {}

    def edges(self, on_fail: str, operator: str) -> list[str]:
        """Where a caller can go from here, for the graph checks (retries and `0` included)."""
        return list(self.targets().values())

    def prompt_ids(self) -> tuple[str, ...]:
        return ()

    def prompts_used(self) -> list[tuple[str, str]]:
        """(field, prompt id) pairs this node speaks, for the check that each exists."""
        return [("prompt", p) for p in self.prompt_ids()]

    def check(self, path: str, context: Context) -> list[str]:
        """Problems only this node type knows of, each starting with `path`."""
        return []

    def prepared(self, context: Context) -> NodeBase:
        """The node as the engine runs it (e.g. a menu with its options' names filled in)."""
        return self

    def fixed_texts(self, flow: Flow, state: CallState) -> tuple[Say, ...]:
        """Texts this node speaks that are built from config but fixed (menu options)."""
        return ()

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        raise NotImplementedError

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        # A node that waits for nothing got an event: the call is over or the event is stale.
        return Outcome(state, (Hangup(),))
