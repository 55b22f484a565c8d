"""`library`: the farmers' advice library by keypad: commodity, topic, item; # goes back.

The tree is the host's (items are edited while the line runs): the node asks for the level at
its path (`BrowseLibrary`) and reads what comes back (`LibraryShown`): the options of the level
("Untuk apel, tekan 1", at most five), or the item, followed by "1 to hear it again, 9 to ask
about this, # to go back". # at the top leaves for `back`; 9 on an item goes to `ask` with the
item's commodity and topic kept in the call's answers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar, Literal

from ivr_flows.flow import DIGIT_PROMPTS, Flow, Outcome
from ivr_flows.nodes.base import NodeId, PromptId
from ivr_flows.nodes.waiting import WaitingNode
from ivr_flows.steps import (
    Audio,
    BrowseLibrary,
    CallState,
    Digits,
    Event,
    Gather,
    LibraryChoice,
    LibraryShown,
    Say,
)

PATH = "library_path"  # answers: the path, "/"-joined
PAGE = "library_page"
KEYS = "library_keys"  # the level's keys: "1=apel,2=kentang,5=more"
HEARD = "library_item"  # the item being heard, counted as heard to the end on the next event
SINGLE = "library_single"  # the item was its topic's only one: up goes to the topics


class LibraryNode(WaitingNode):
    """Browse the advice library and hear its items."""

    type: Literal["library"]
    operator_key: ClassVar[bool] = True
    prompt: PromptId  # said once, on arrival
    pick_prompt: PromptId  # "choose, or # to go back"
    item_prompt: PromptId  # after an item: 1 again, 9 ask, # back
    empty_prompt: PromptId  # the library has nothing yet
    more_prompt: PromptId  # the label of key 5 when a level has more
    back: NodeId
    ask: NodeId

    def targets(self) -> dict[str, str]:
        return {"back": self.back, "ask": self.ask, **self.fail_edge()}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.prompt, self.pick_prompt, self.item_prompt, self.empty_prompt,
                self.more_prompt, *self.retry_prompts())

    def prompts_used(self) -> list[tuple[str, str]]:
        return [*super().prompts_used(), ("options", "option"),
                *(("digits", p) for p in DIGIT_PROMPTS)]

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        fresh = state.with_answers(**{PATH: "", PAGE: "0", KEYS: "", HEARD: "", SINGLE: ""})
        return Outcome(fresh, (flow.say(fresh, self.prompt),),
                       action=BrowseLibrary((), 0, fresh.language))

    @staticmethod
    def path_of(state: CallState) -> tuple[str, ...]:
        return tuple(p for p in state.answers.get(PATH, "").split("/") if p)

    def _browse(self, state: CallState, path: tuple[str, ...], page: int,
                steps: tuple[Say, ...] = ()) -> Outcome:
        heard = state.answers.get(HEARD, "")
        moved = state.with_answers(**{PATH: "/".join(path), PAGE: str(page), HEARD: "",
                                      KEYS: ""})
        return Outcome(moved, steps, action=BrowseLibrary(
            path, page, state.language, int(heard) if heard.isdigit() else None))

    def _label(self, flow: Flow, state: CallState, choice: LibraryChoice) -> Say:
        if choice.kind == "more":
            return flow.say(state, self.more_prompt)
        if choice.kind in ("commodity", "topic"):
            named = flow.name_say(choice.kind, choice.code, state.language)
            if named.text:
                return named
        return Say(choice.title or choice.code, state.language,
                   f"advice.{choice.code}.title" if choice.kind == "item" else "")

    def shown(self, flow: Flow, state: CallState, event: LibraryShown) -> Outcome:
        asked = self.path_of(state)
        state = state.with_answers(**{PATH: "/".join(event.path), PAGE: str(event.page)})
        if event.item is not None:
            item = event.item
            spoken: Say | Audio = (Audio(item.audio, item.title) if item.audio else
                                   Say(item.text, item.language, f"advice.{item.id}"))
            heard = state.with_answers(**{HEARD: str(item.id), KEYS: "",
                                          SINGLE: "1" if len(event.path) > len(asked) else ""})
            return Outcome(heard, (Say(item.title, item.language, f"advice.{item.id}.title"),
                                   spoken, Gather((flow.say(heard, self.item_prompt),),
                                                  num_digits=1, hash_is_key=True)))
        if not event.choices:
            return Outcome(state, (flow.say(state, self.empty_prompt),), goto=self.back)
        said = [flow.say(state, self.pick_prompt)]
        for choice in event.choices:
            # The key is read as its digit, like every menu's, and played from its digit clip.
            key = Say(choice.key, state.language, "",
                      (flow.say(state, f"digit_{choice.key}"),))
            said.append(flow.say(state, flow.defaults.option_prompt,
                                 label=self._label(flow, state, choice), key=key))
        keys = ",".join(f"{c.key}={'more' if c.kind == 'more' else c.code}"
                        for c in event.choices)
        return Outcome(state.with_answers(**{KEYS: keys}),
                       (Gather(tuple(said), num_digits=1, hash_is_key=True),))

    def _up(self, state: CallState, path: tuple[str, ...]) -> tuple[str, ...]:
        if state.answers.get(HEARD) and len(path) == 3:
            return path[:1] if state.answers.get(SINGLE) else path[:2]
        return path[:-1]

    def _again(self, flow: Flow, state: CallState, prompt: str) -> Outcome:
        """Say why, then the same level again; after `retries`, leave for `on_fail`."""
        if state.retries >= self.limit(flow):
            return Outcome(state, goto=self.fail_target(flow))
        again = replace(state, retries=state.retries + 1)
        path = self.path_of(again)
        page = int(again.answers.get(PAGE, "0") or 0)
        return self._browse(again.with_answers(**{HEARD: ""}), path, page,
                            (flow.say(again, prompt),))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if isinstance(event, LibraryShown):
            return self.shown(flow, state, event)
        path, page = self.path_of(state), int(state.answers.get(PAGE, "0") or 0)
        on_item = bool(state.answers.get(HEARD))
        if not isinstance(event, Digits):
            if on_item:  # listened to the end and said nothing: the level above
                return self._browse(state, self._up(state, path), 0)
            return self._again(flow, state, self.no_input_prompt or flow.defaults.no_input_prompt)
        if self.wants_operator(flow, event):
            return Outcome(state, goto=flow.operator)
        key = event.value[:1]
        if key == "#":
            if not path:
                return Outcome(state, goto=self.back)
            return self._browse(state, self._up(state, path), 0)
        if on_item and key == "1":
            return self._browse(state, path, page)
        if on_item and key == "9":
            commodity, topic = (path + ("", ""))[:2]
            return Outcome(state.with_answers(commodity=commodity, topic=topic),
                           goto=self.ask)
        keys = dict(pair.split("=", 1) for pair in state.answers.get(KEYS, "").split(",")
                    if "=" in pair)
        target = None if on_item else keys.get(key)
        if target is None and on_item:  # ask again what to do after the item, without it
            if state.retries >= self.limit(flow):
                return Outcome(state, goto=self.fail_target(flow))
            again = replace(state, retries=state.retries + 1)
            return Outcome(again, (Gather((
                flow.say(again, self.invalid_prompt or flow.defaults.invalid_prompt),
                flow.say(again, self.item_prompt)), num_digits=1, hash_is_key=True),))
        if target is None:
            return self._again(flow, state, self.invalid_prompt or flow.defaults.invalid_prompt)
        if target == "more":
            return self._browse(state, path, page + 1)
        return self._browse(state, (*path, target), 0)
