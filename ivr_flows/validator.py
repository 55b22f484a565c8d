"""Graph and consistency checks of a flow whose schema is already valid.

Checked: every target is a node; every node is reachable from the start; from every node some
path ends the call (no dead ends); no loop runs without caller input; every waiting node has a
place to go when retries run out; every prompt used exists in every language of the flow; every
category, area and agency named exists in config. Each problem is one line naming its node path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ivr_flows.nodes import (
    ConfirmNode,
    DigitsNode,
    HangupNode,
    LanguageNode,
    MenuNode,
    NodeBase,
    StatusNode,
    SubmitNode,
    WaitingNode,
)

REPORT_STATUSES = ("new", "verified", "forwarded", "in_progress", "resolved", "rejected",
                   "abandoned")


@dataclass(frozen=True)
class References:
    """What flows may name, from the city's config: categories (names by language), areas
    (names), agencies, and the input checks digits nodes may use."""

    categories: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    areas: Mapping[str, str] = field(default_factory=dict)
    agencies: frozenset[str] = frozenset()
    checks: Mapping[str, Callable[[str], bool]] = field(default_factory=dict)


def _edges(node: NodeBase, defaults: Mapping[str, Any], operator: str | None) -> list[str]:
    edges = list(node.targets().values())
    if isinstance(node, WaitingNode):
        edges.append(node.on_fail or defaults["on_fail"])
        if operator and isinstance(node, MenuNode | ConfirmNode | DigitsNode):
            edges.append(operator)
    return edges


def _reachable(start: str, graph: Mapping[str, list[str]]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node in seen or node not in graph:
            continue
        seen.add(node)
        todo.extend(graph[node])
    return seen


def _input_free_loop(nodes: Mapping[str, NodeBase]) -> list[str] | None:
    """A cycle made only of nodes that need no caller input, if any."""
    graph = {n: [t for t in node.targets().values() if t in nodes and not nodes[t].waits]
             for n, node in nodes.items() if not node.waits}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for target in graph.get(node, []):
            if state.get(target) == 1:
                return path[path.index(target):] + [target] if target in path else [node, target]
            if target not in state:
                found = visit(target, [*path, target])
                if found:
                    return found
        state[node] = 2
        return None

    for node in graph:
        if node not in state:
            found = visit(node, [node])
            if found:
                return found
    return None


def _prompts_used(node: NodeBase) -> list[tuple[str, str]]:
    """(field, prompt id) pairs a node speaks."""
    used = [("prompt", p) for p in node.prompt_ids()]
    if isinstance(node, ConfirmNode):
        used += [("prompt", "unknown_category"), ("prompt", "unknown_area")]
    if isinstance(node, StatusNode):
        used += [("status", f"status_{s}") for s in REPORT_STATUSES]
        used.append(("status", "agency_triage"))
    if isinstance(node, MenuNode) and any(o.key == "*" for o in node.options):
        used.append(("options", "key_star"))
    return used


def _check_names(path: str, values: Mapping[str, str], refs: References) -> list[str]:
    errors = []
    if "category" in values and values["category"] not in refs.categories:
        errors.append(f"{path}.category {values['category']!r}: not a category in config")
    for key in ("area", "kecamatan"):
        if values.get(key) and values[key] not in refs.areas:
            errors.append(f"{path}.{key} {values[key]!r}: not an area code in config")
    if "agency" in values and values["agency"] not in refs.agencies:
        errors.append(f"{path}.agency {values['agency']!r}: not an agency code in config")
    return errors


def check_flow(
    start: str, operator: str | None, defaults: Mapping[str, Any], languages: Sequence[str],
    prompts: Mapping[str, Mapping[str, str]], nodes: Mapping[str, NodeBase], refs: References,
) -> list[str]:
    errors: list[str] = []
    for name, target in (("start", start), ("operator", operator),
                         ("defaults.on_fail", defaults["on_fail"])):
        if target and target not in nodes:
            errors.append(f"{name} {target!r} is not a node")

    for node_id, node in nodes.items():
        for field_path, target in node.targets().items():
            if target not in nodes:
                errors.append(f"nodes.{node_id}.{field_path} {target!r} is not a node")
        if isinstance(node, WaitingNode) and node.on_fail and node.on_fail not in nodes:
            errors.append(f"nodes.{node_id}.on_fail {node.on_fail!r} is not a node")
        if isinstance(node, MenuNode):
            keys = [o.key for o in node.options]
            for index, key in enumerate(keys):
                if key in keys[:index]:
                    errors.append(f"nodes.{node_id}.options[{index}].key {key!r}: used twice")
            for index, option in enumerate(node.options):
                errors += _check_names(f"nodes.{node_id}.options[{index}].set", option.set, refs)
                for language in option.speech:
                    if language not in languages:
                        errors.append(f"nodes.{node_id}.options[{index}].speech.{language}: "
                                      "not a language of this flow")
        if isinstance(node, SubmitNode):
            errors += _check_names(f"nodes.{node_id}.set", node.set, refs)
        if isinstance(node, LanguageNode):
            for key, language in node.options.items():
                if language not in languages:
                    errors.append(f"nodes.{node_id}.options.{key} {language!r}: "
                                  "not a language of this flow")
        if isinstance(node, DigitsNode) and node.check and node.check not in refs.checks:
            errors.append(f"nodes.{node_id}.check {node.check!r}: unknown check; use "
                          + ", ".join(sorted(refs.checks) or ["none"]))

    used: list[tuple[str, str]] = [
        (f"defaults.{k}", v) for k, v in defaults.items() if k.endswith("_prompt")
    ]
    for node_id, node in nodes.items():
        used += [(f"nodes.{node_id}.{f}", p) for f, p in _prompts_used(node)]
    for where, prompt in used:
        if prompt not in prompts:
            errors.append(f"{where} {prompt!r} is not a prompt")
    for prompt, texts in prompts.items():
        for language in languages:
            if not texts.get(language, "").strip():
                errors.append(f"prompts.{prompt}: missing language {language!r}")

    if errors:
        return errors  # the graph checks below need every target to exist

    graph = {n: _edges(node, defaults, operator) for n, node in nodes.items()}
    reachable = _reachable(start, graph)
    for node_id in nodes:
        if node_id not in reachable:
            errors.append(f"nodes.{node_id}: not reachable from start {start!r}")
    enders = {n for n, node in nodes.items() if isinstance(node, HangupNode)}
    for node_id in nodes:
        if not (_reachable(node_id, graph) & enders):
            errors.append(f"nodes.{node_id}: dead end, no path from here ends the call")
    loop = _input_free_loop(nodes)
    if loop:
        errors.append(f"nodes.{loop[0]}: loop without caller input ({' -> '.join(loop)})")
    return errors
