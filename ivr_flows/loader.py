"""Loading a flow file: size limit, YAML, version, schema, then graph and consistency checks.

`load_flow(text, source, references)` returns a checked, frozen `Flow` or raises
`FlowLoadError` listing every problem, each naming the file and the node path, e.g.
`hotline.yaml: nodes.pick_desa.options[3].next 'desa_x' is not a node`.
"""

from __future__ import annotations

from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ivr_flows.errors import FlowLoadError
from ivr_flows.flow import Defaults, Flow
from ivr_flows.nodes import NODE_TYPES, Context, Node, NodeBase, NodeId, PromptId, References
from ivr_flows.validator import check_flow

SPEC_VERSION = 1
MAX_BYTES = 256 * 1024
__all__ = ["References", "load_flow"]
TYPE_NAMES = set(NODE_TYPES)


class _DefaultsDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    retries: int = Field(default=2, ge=0, le=5)
    no_input_prompt: PromptId = "no_input"
    invalid_prompt: PromptId = "invalid"
    speech_unclear_prompt: PromptId = "speech_unclear"
    option_prompt: PromptId = "option"
    on_fail: NodeId
    speech_confidence: float = Field(default=0.5, ge=0.0, le=1.0)


class _FlowDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    spec_version: int
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")
    start: NodeId
    languages: list[Literal["id", "jv", "en"]] = Field(min_length=1)
    operator: NodeId | None = None
    speech: bool = True
    defaults: _DefaultsDoc
    prompts: dict[PromptId, dict[str, str]]
    nodes: dict[NodeId, Node] = Field(min_length=1)


def _path(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for index, part in enumerate(loc):
        if index == 2 and loc[0] == "nodes" and part in TYPE_NAMES:
            continue  # pydantic adds the node type as a path element; the file has none
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(top)"


def _schema_errors(exc: ValidationError) -> list[str]:
    errors = []
    for err in exc.errors():
        path = _path(tuple(err["loc"]))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            errors.append(f"{path}: is required")
        elif err["type"] == "union_tag_invalid":
            errors.append(f"{path}.type {err['input'].get('type')!r}: unknown node type; use "
                          + ", ".join(sorted(TYPE_NAMES)))
        else:
            errors.append(f"{path} {err['input']!r}: {message}")
    return errors


def _parse(text: str) -> tuple[Any, list[str]]:
    if len(text.encode("utf-8")) > MAX_BYTES:
        return None, [f"(file): larger than {MAX_BYTES // 1024} kB"]
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}: " if mark else ""
        return None, [f"{where}YAML syntax error: {getattr(exc, 'problem', None) or exc}"]
    if not isinstance(document, dict):
        return None, ["(top): expected a mapping with spec_version, id, start, prompts, nodes"]
    if document.get("spec_version") != SPEC_VERSION:
        return None, [f"spec_version {document.get('spec_version')!r}: expected {SPEC_VERSION}"]
    return document, []


def _names(doc: _FlowDoc, refs: References) -> dict[str, dict[str, str]]:
    names: dict[str, dict[str, str]] = {}
    for code, by_language in refs.categories.items():
        names[f"category:{code}"] = {lang: by_language.get(lang, "") for lang in doc.languages}
    for code, name in refs.areas.items():
        names[f"area:{code}"] = {lang: name for lang in doc.languages}
    for code, name in refs.agencies.items():
        names[f"agency:{code}"] = {lang: name for lang in doc.languages}
    for key, by_language in refs.names.items():
        names[key] = {lang: by_language.get(lang) or by_language.get("id", "")
                      for lang in doc.languages}
    return names


def load_flow(text: str, source: str, refs: References, speech: bool = True) -> Flow:
    """Parse and check one flow file; `speech=False` turns speech input off (e.g. Somleng)."""
    document, errors = _parse(text)
    if document is not None:
        try:
            doc = _FlowDoc.model_validate(document)
        except ValidationError as exc:
            errors = _schema_errors(exc)
        else:
            context = Context(doc.languages, doc.prompts, refs)
            nodes: dict[str, NodeBase] = {
                node_id: node.model_copy(update={"id": node_id}).prepared(context)
                for node_id, node in doc.nodes.items()}
            errors = check_flow(doc.start, doc.operator, doc.defaults.model_dump(),
                                doc.languages, doc.prompts, nodes, refs)
    if errors:
        raise FlowLoadError(f"{source}: {e}" for e in errors)
    return Flow(
        id=doc.id, start=doc.start, languages=tuple(doc.languages), operator=doc.operator or "",
        defaults=Defaults(**doc.defaults.model_dump()), prompts=doc.prompts, nodes=nodes,
        names=_names(doc, refs), checks=dict(refs.checks), speech=speech and doc.speech,
    )
