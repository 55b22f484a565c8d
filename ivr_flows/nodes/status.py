"""`status`: look up the report whose ticket is in answer `ticket_from` and say where it
stands (the host answers the lookup). A farmer's question is answered with its answer, played
or read, or with "not answered yet"."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ivr_flows.flow import DIGIT_PROMPTS, Flow, Outcome
from ivr_flows.nodes.base import NodeBase, NodeId, PromptId
from ivr_flows.steps import Audio, CallState, Event, LookupStatus, Say, StatusFound

# Every status a report can have, each spoken by a `status_<status>` prompt.
REPORT_STATUSES = ("new", "verified", "forwarded", "in_progress", "resolved", "rejected",
                   "abandoned")


class StatusNode(NodeBase):
    """Look the ticket up and tell the caller where their report stands."""

    type: Literal["status"]
    ticket_from: str = Field(pattern=r"^[a-z_]+$")
    found_prompt: PromptId
    not_found_prompt: PromptId
    answer_prompt: PromptId = "question_answer"  # {ticket}, then the answer itself
    pending_prompt: PromptId = "question_pending"  # {ticket}
    next: NodeId

    def targets(self) -> dict[str, str]:
        return {"next": self.next}

    def prompt_ids(self) -> tuple[str, ...]:
        return (self.found_prompt, self.not_found_prompt, self.answer_prompt,
                self.pending_prompt)

    def prompts_used(self) -> list[tuple[str, str]]:
        said = [("status", f"status_{s}") for s in REPORT_STATUSES]
        digits = [("digits", p) for p in DIGIT_PROMPTS]
        return [*super().prompts_used(), *said, ("status", "agency_triage"), *digits]

    def enter(self, flow: Flow, state: CallState) -> Outcome:
        return Outcome(state, action=LookupStatus(state.answers.get(self.ticket_from, "")))

    def handle(self, flow: Flow, state: CallState, event: Event) -> Outcome:
        if not isinstance(event, StatusFound):
            return super().handle(flow, state, event)
        ticket = flow.digits_say(state, state.answers.get(self.ticket_from, ""))
        if not event.found:
            said = flow.say(state, self.not_found_prompt, ticket=ticket)
        elif event.question and (event.answer_audio or event.answer_text):
            answer: Audio | Say = (Audio(event.answer_audio, event.answer_text)
                                   if event.answer_audio else
                                   Say(event.answer_text, state.language))
            return Outcome(state, (flow.say(state, self.answer_prompt, ticket=ticket), answer),
                           goto=self.next)
        elif event.question:
            said = flow.say(state, self.pending_prompt, ticket=ticket)
        else:
            status = flow.say(state, f"status_{event.status}")
            agency = flow.name_say("agency", event.agency, state.language)
            if not (event.agency and agency.text):
                agency = flow.say(state, "agency_triage")
            said = flow.say(state, self.found_prompt, ticket=ticket, status=status, agency=agency)
        return Outcome(state, (said,), goto=self.next)
