"""Answers to the open follow-up question: the place of a new report, or a 1-5 rating.

The place is asked in two steps (kecamatan 1-3, then the desa by number) or taken from a name
matched tolerantly; after three answers that name no known place, the report stays filed with
what is known. A rating conversation that gets anything but 1-5 ends, and the message is handled
as a new one.
"""

from __future__ import annotations

from gateway.reports import changes
from gateway.store import conversations
from gateway.store.conversations import Conversation
from gateway.texting import commands, farming_commands
from gateway.texting.incoming import Texting
from sms.grammar import Command
from sms.replies import reply

MAX_TRIES = 3


def answer(texting: Texting, conversation: Conversation, command: Command) -> None:
    """The message answers `conversation`'s question."""
    connection, sender = texting.connection, texting.sender
    if conversation.stage in farming_commands.FARMING_STAGES:
        if texting.farming is None or not farming_commands.answer(texting, conversation,
                                                                  command, texting.farming):
            conversations.end(connection, sender)
            commands.carry_out(texting, command)  # not an answer: a message of its own
        return
    report = changes.find(connection, report_id=conversation.report_id) \
        if conversation.report_id is not None else None
    if report is None:
        conversations.end(connection, sender)
        return
    texting.report_id = report.id
    # The exchange stays in the language it began in: "2" or "Punten" carry none of their own.
    language = conversation.data.get("language") or command.language
    if conversation.stage == "rating":
        conversations.end(connection, sender)
        text = command.argument.strip()
        if text in ("1", "2", "3", "4", "5"):
            changes.rate(connection, report, int(text), texting.now)
            texting.reply(reply("rated", language), report.id)
        else:
            commands.carry_out(texting, command)  # not a rating: a message of its own
        return
    _place(texting, conversation, report, command, language)


def _place(texting: Texting, conversation: Conversation, report: changes.ReportRow,
           command: Command, language: str) -> None:
    text, catalog = command.argument.strip(), texting.catalog
    kecamatan = conversation.data.get("kecamatan", "")
    options = catalog.desa_of(kecamatan) if conversation.stage == "desa" else ()
    if text == "0":
        _noted(texting, report, kecamatan or None, language)
    elif conversation.stage == "place" and text in ("1", "2", "3"):
        chosen = catalog.kecamatan()[int(text) - 1]
        choices = ", ".join(f"{i} {d.name}" for i, d in enumerate(catalog.desa_of(chosen.code), 1))
        conversations.move(texting.connection, conversation, texting.now, stage="desa",
                           kecamatan=chosen.code)
        texting.reply(reply("ask_desa", language, kecamatan=chosen.name, choices=choices),
                      report.id)
    elif options and text.isdigit() and 1 <= int(text) <= len(options):
        _noted(texting, report, options[int(text) - 1].code, language)
    elif (place := texting.route(text)[1]) is not None:
        _noted(texting, report, place.code, language)
    else:
        tries = int(conversation.data.get("tries", "0")) + 1
        if tries >= MAX_TRIES:
            conversations.end(texting.connection, texting.sender)  # filed with what is known
            texting.reply(reply("received", language, ticket=report.ticket), report.id)
        else:
            conversations.move(texting.connection, conversation, texting.now, tries=str(tries))
            texting.reply(reply("place_unknown", language), report.id)


def _noted(texting: Texting, report: changes.ReportRow, code: str | None,
           language: str) -> None:
    """The conversation ends with the place `code` (None: the reporter does not know)."""
    conversations.end(texting.connection, texting.sender)
    if code is None:
        texting.reply(reply("received", language, ticket=report.ticket), report.id)
        return
    changes.set_place(texting.connection, report, code, "citizen", texting.now)
    texting.reply(reply("place_noted", language, ticket=report.ticket,
                        place=texting.catalog.areas[code].name), report.id)
