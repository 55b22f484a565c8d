"""Graph and consistency checks of a flow whose schema is already valid.

Checked: every target is a node; every node is reachable from the start; from every node some
path ends the call (no dead ends); no loop runs without caller input; every waiting node has a
place to go when retries run out; every prompt used exists in every language of the flow; every
category, area and agency named exists in config. Each problem is one line naming its node path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ivr_flows.nodes.base import Context, NodeBase, References


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


def check_flow(
    start: str, operator: str | None, defaults: Mapping[str, Any], languages: Sequence[str],
    prompts: Mapping[str, Mapping[str, str]], nodes: Mapping[str, NodeBase], refs: References,
) -> list[str]:
    """Every problem of a flow, each a line naming its path; empty when the flow is sound."""
    errors: list[str] = []
    context = Context(languages, prompts, refs)
    for name, target in (("start", start), ("operator", operator),
                         ("defaults.on_fail", defaults["on_fail"])):
        if target and target not in nodes:
            errors.append(f"{name} {target!r} is not a node")

    for node_id, node in nodes.items():
        for field_path, target in node.targets().items():
            if target not in nodes:
                errors.append(f"nodes.{node_id}.{field_path} {target!r} is not a node")
        errors += node.check(f"nodes.{node_id}", context)

    used: list[tuple[str, str]] = [
        (f"defaults.{k}", v) for k, v in defaults.items() if k.endswith("_prompt")
    ]
    for node_id, node in nodes.items():
        used += [(f"nodes.{node_id}.{f}", p) for f, p in node.prompts_used()]
    for where, prompt in used:
        if prompt not in prompts:
            errors.append(f"{where} {prompt!r} is not a prompt")
    for prompt, texts in prompts.items():
        for language in languages:
            if not texts.get(language, "").strip():
                errors.append(f"prompts.{prompt}: missing language {language!r}")

    if errors:
        return errors  # the graph checks below need every target to exist

    graph = {n: node.edges(defaults["on_fail"], operator or "") for n, node in nodes.items()}
    reachable = _reachable(start, graph)
    for node_id in nodes:
        if node_id not in reachable:
            errors.append(f"nodes.{node_id}: not reachable from start {start!r}")
    enders = {n for n, node in nodes.items() if node.ends_call}
    for node_id in nodes:
        if not (_reachable(node_id, graph) & enders):
            errors.append(f"nodes.{node_id}: dead end, no path from here ends the call")
    loop = _input_free_loop(nodes)
    if loop:
        errors.append(f"nodes.{loop[0]}: loop without caller input ({' -> '.join(loop)})")
    return errors
