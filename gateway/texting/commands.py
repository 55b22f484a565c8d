"""What each SMS command does: report, CEK, BATAL, INFO, STOP and MULAI, odd messages, and the
farmers' line's (`gateway.texting.farming_commands`).

Reached from `gateway.texting.intake.receive` when a message answers no open question. Every
reply is queued with `Texting.reply`; a report is filed with `gateway.reports.filing`.
"""

from __future__ import annotations

from gateway.reports import changes
from gateway.reports.filing import NewReport, file_report
from gateway.reports.lifecycle import ReportStatus
from gateway.reports.tickets import is_valid_ticket
from gateway.store import contacts, conversations
from gateway.texting import farming_commands
from gateway.texting.incoming import Texting
from routing.non_reports import FROM_PEOPLE
from sms.grammar import Command
from sms.replies import TRIAGE, reply, status_words


def carry_out(texting: Texting, command: Command) -> None:
    """Answer `command` from the sender."""
    language, message = command.language, texting.message
    if command.kind in farming_commands.FARMING_COMMANDS and texting.farming is not None:
        farming_commands.carry_out(texting, command, texting.farming)
    elif command.kind in farming_commands.FARMING_COMMANDS:
        texting.reply(reply("help", language))  # no farmers' line configured here
    elif command.kind in ("stop", "start"):
        stopped = command.kind == "stop"
        contacts.set_opted_out(texting.connection, texting.sender, stopped, texting.now)
        texting.opted_out = stopped
        texting.reply(reply("stopped" if stopped else "started", language), force=True)
    elif command.kind == "help":
        texting.reply(reply("help", language))
    elif command.kind == "check":
        check(texting, command)
    elif command.kind == "cancel":
        cancel(texting, command)
    elif command.kind == "empty" and message.media:
        report(texting, command)
    elif command.kind == "empty" and message.unsupported_media:
        texting.reply(reply("media_unsupported", language))
    elif command.kind == "empty":
        texting.reply(reply("empty", language))
    elif command.kind == "report" and not command.argument.strip() and not message.media:
        texting.reply(reply("help", language))
    else:
        report(texting, command)


def report(texting: Texting, command: Command) -> None:
    """File the text (and any photos) as a report, and tell the sender its ticket; ask for the
    place when the text names none."""
    message, language, now = texting.message, command.language, texting.now
    decision, place = texting.route(command.argument)
    if decision.not_report and not message.media:
        # Kept as a message, never filed. A machine's notice, alert, code or promotion gets no
        # answer; a person's greeting or chat, the short how-to.
        if decision.non_report_kind is None or decision.non_report_kind in FROM_PEOPLE:
            texting.reply(reply("help", language))
        return
    connection = texting.connection
    filed = file_report(
        connection, texting.catalog,
        NewReport(channel=message.channel, reporter=message.sender, language=language,
                  area_code=place.code if place else None, text=command.argument,
                  decision=decision),
        now=now, ticket_factory=texting.ticket_factory,
        duplicate_window=texting.duplicate_window)
    ticket = filed.public_ticket
    texting.report_id = filed.id
    # The ticket answers the citizen's own message: it goes even to a number that sent STOP,
    # with a line on how to get the updates again (which STOP does hold back).
    answer = bool(texting.opted_out)
    if decision.external:
        # Outside the city's authority: the ticket, and where to go.
        texting.reply(reply("received", language, ticket=ticket), filed.id, force=answer)
        texting.reply(decision.reply.get(language) or decision.reply["id"], filed.id,
                      force=answer)
    elif place is None:
        conversations.start(connection, texting.sender, message.channel, "place", filed.id, now,
                            ticket=ticket, language=language)
        texting.reply(reply("ask_place", language, ticket=ticket), filed.id, force=answer)
    else:
        texting.reply(reply("received", language, ticket=ticket), filed.id, force=answer)
    if decision.notified and decision.reply:
        # A shared duty: the city's agency acts first, and the partner (PLN) is the citizen's
        # to call too.
        texting.reply(decision.reply.get(language) or decision.reply["id"], filed.id,
                      force=answer)
    if not command.argument.strip():
        texting.reply(reply("media_only", language), filed.id, force=answer)
    if answer:
        texting.reply(reply("updates_off", language), filed.id, force=True)


def _named_report(texting: Texting, command: Command,
                  lock: bool) -> tuple[str, changes.ReportRow | None] | None:
    """The ticket a CEK or BATAL names and its report; None (after a reply) when the ticket is
    malformed or its check digit is wrong."""
    if not is_valid_ticket(command.argument):
        texting.reply(reply("bad_ticket", command.language))
        return None
    return command.argument, changes.find(texting.connection, ticket=command.argument,
                                          lock=lock)


def check(texting: Texting, command: Command) -> None:
    """CEK <ticket>: reply with where the report stands."""
    language, found = command.language, _named_report(texting, command, lock=False)
    if found is None:
        return
    ticket, row = found
    if row is None:
        texting.reply(reply("not_found", language, ticket=ticket))
        return
    texting.report_id = row.id
    agency = texting.catalog.agencies.get(row.agency_code or "")
    texting.reply(reply("status", language, ticket=ticket,
                        status=status_words(row.status, language),
                        agency=agency.spoken_name if agency else TRIAGE[language]), row.id)


def cancel(texting: Texting, command: Command) -> None:
    """BATAL <ticket>: withdraw the sender's own report while nobody works on it."""
    language, found = command.language, _named_report(texting, command, lock=True)
    if found is None:
        return
    ticket, row = found
    if (row is None or row.reporter != texting.sender
            or ReportStatus(row.status).is_closed):
        # The same answer whether the ticket exists or not: nobody learns about others' reports.
        texting.reply(reply("cannot_cancel", language, ticket=ticket))
        return
    changes.change_status(texting.connection, texting.catalog, row, ReportStatus.CANCELLED,
                          "citizen", texting.now, reason="dibatalkan pelapor lewat SMS",
                          notify=False)
    texting.reply(reply("cancelled", language, ticket=ticket), row.id)
