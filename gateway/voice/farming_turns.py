"""The farmers' line on the hotline: what the gateway does for the flow's farming actions.

`voice.hotline` hands these actions over: browsing the advice library (counting plays and plays
heard to the end), a commodity's price, the caller's profile (look up, save with the consent the
caller gave by keypad, forget), a question recorded by voice, and a question's answer on the
status path. Each runs in the call's transaction.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath

from farming import library
from farming.prices import short_date
from farming.profiles import Registration
from gateway.farming import pricing, questions, registration
from gateway.runtime import Runtime
from gateway.store import advice, farm_questions, farmers, recordings
from gateway.store.calls import CallRow
from gateway.store.database import Connection
from gateway.store.recordings import RecordingRef
from ivr_flows.steps import (
    BrowseLibrary,
    Event,
    FarmerAction,
    FarmerDone,
    LibraryChoice,
    LibraryItem,
    LibraryShown,
    LookupPrice,
    PriceQuoted,
    StatusFound,
)

AUDIO_PREFIX = "/farming/audio"
UNIT_WORDS = {"kg": "kilogram", "liter": "liter", "tangkai": "tangkai", "ikat": "ikat"}


def perform(rt: Runtime, connection: Connection, call: CallRow,
            action: BrowseLibrary | LookupPrice | FarmerAction, language: str,
            now: datetime) -> Event:
    """Carry out one farming action of the flow; its result is the next event."""
    if isinstance(action, BrowseLibrary):
        return browse(rt, connection, action)
    if isinstance(action, LookupPrice):
        return price(rt, connection, action.commodity, now)
    return farmer(rt, connection, call, action, language, now)


def browse(rt: Runtime, connection: Connection, action: BrowseLibrary) -> LibraryShown:
    """The library level at the action's path; an item is counted as played."""
    if action.heard is not None:
        advice.count(connection, action.heard, completed=True)
    level = library.browse(advice.entries(connection, action.language), action.path,
                           action.page, rt.farm.hotline_commodities, tuple(rt.farm.topics))
    if level.item is None:
        return LibraryShown(level.path, level.page, tuple(
            LibraryChoice(o.key, o.kind, o.code, o.title) for o in level.options))
    found = advice.item_text(connection, level.item.id, action.language)
    if found is None:
        return LibraryShown(level.path[:-1], 0)
    advice.count(connection, found.id)
    audio = f"{AUDIO_PREFIX}/advice/{found.id}/{found.language}" if found.audio_path else ""
    return LibraryShown(level.path, level.page, item=LibraryItem(
        found.id, found.title, found.text, found.language, audio))


def price(rt: Runtime, connection: Connection, commodity: str, now: datetime) -> PriceQuoted:
    """The latest price of `commodity`, in the words the price prompt fills in."""
    found = pricing.latest(connection, rt.farm, commodity, now.date())
    if found is None:
        return PriceQuoted(False)
    market = rt.farm.markets.get(found.latest.market)
    change = found.change
    return PriceQuoted(
        True, f"{found.latest.price:,}".replace(",", "."),
        UNIT_WORDS.get(found.latest.unit, found.latest.unit),
        market.name if market else found.latest.market, short_date(found.latest.day),
        change or 0, change is not None,
        (now.date() - found.latest.day).days if found.stale else 0)


def farmer(rt: Runtime, connection: Connection, call: CallRow, action: FarmerAction,
           language: str, now: datetime) -> FarmerDone:
    """Look up, save or delete the caller's profile."""
    phone = call.from_number
    if phone is None:
        return FarmerDone(False)
    if action.do == "forget":
        return FarmerDone(registration.forget(connection, phone))
    if action.do == "save":
        answers = action.answers
        keys = answers.get("crops", "")
        crops = tuple(dict.fromkeys(rt.farm.hotline_commodities[int(k) - 1] for k in keys
                                    if k.isdigit() and 1 <= int(k)
                                    <= len(rt.farm.hotline_commodities)))
        desa = answers.get("area") or None
        name_sid = answers.get("name_sid", "")
        if name_sid:
            recordings.store(connection, call.call_sid,
                             RecordingRef(name_sid, answers.get("name", "")), None, now)
        registration.save(connection, phone, Registration("", desa, crops), language, "voice",
                          now, name_recording=name_sid or None)
    found = farmers.by_phone(connection, phone)
    if found is None:
        return FarmerDone(False)
    return FarmerDone(True, found.desa_code or "", found.commodities)


def ask(rt: Runtime, connection: Connection, call: CallRow, answers: dict[str, str],
        language: str, now: datetime) -> str:
    """A question recorded on the hotline: filed for the desa's officer with its recording;
    returns its ticket."""
    asked = questions.ask(connection, rt.catalog, rt.farm, call.from_number, "voice", language,
                          "", now, rt.ticket_factory, commodity=answers.get("commodity") or None,
                          topic=answers.get("topic") or None, call_sid=call.call_sid)
    recordings.link_call(connection, call.call_sid, asked.report_id)
    if answers.get("description_sid"):
        recordings.store(connection, call.call_sid,
                         RecordingRef(answers["description_sid"], answers.get("description", "")),
                         None, now, asked.report_id)
    return asked.ticket


def question_status(connection: Connection, report_id: int, status: str,
                    agency: str) -> StatusFound:
    """The status path for a question: its answer, once an officer has given one."""
    found = farm_questions.find(connection, report_id=report_id)
    if found is None or found.answered_at is None:
        return StatusFound(True, status, agency, question=True)
    # Answer recordings are stored under random names: the URL names the file, not the report.
    audio = (f"{AUDIO_PREFIX}/answer/{PurePath(found.answer_audio_path).name}"
             if found.answer_audio_path else "")
    return StatusFound(True, status, agency, question=True, answer_text=found.answer_text,
                       answer_audio=audio)
