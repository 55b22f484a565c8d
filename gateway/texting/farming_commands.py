"""The farmers' line by SMS: DAFTAR, HARGA, TANYA, DATA and HAPUS, and their follow-ups.

DAFTAR reads what it can (`farming.profiles`), asks for what is missing one thing at a time,
then asks for consent in plain words; only a YES saves the profile. An answer to "did this
help?" (after an officer's answer) is 1 or 2; anything else is handled as a new message.
"""

from __future__ import annotations

from farming.catalog import FarmingCatalog
from farming.names import find_commodities
from farming.profiles import Registration, read_registration
from farming.replies import farm_reply
from gateway.farming import pricing, questions, registration
from gateway.store import conversations, farmers
from gateway.store.conversations import Conversation
from gateway.texting.incoming import Texting
from routing.places import find_place
from sms.grammar import Command

FARMING_COMMANDS = ("register", "price", "ask", "my_data", "forget")
FARMING_STAGES = ("register", "helpful")
YES = {"ya", "y", "yes", "iya", "iyo", "nggih", "enggih", "setuju", "ok", "oke", "1", "gelem"}
NO = {"tidak", "tdk", "no", "ora", "mboten", "emoh", "2", "gak", "ga", "nggak"}
REGISTER_MINUTES = 60
ASK_FOR = {"name": "ask_name", "desa": "ask_desa", "commodities": "ask_commodities"}


def carry_out(texting: Texting, command: Command, farming: FarmingCatalog) -> None:
    """A farmers' line command."""
    language, connection, now = command.language, texting.connection, texting.now
    if command.kind == "price":
        texting.reply(pricing.price_text(connection, farming, command.argument, language,
                                         now.date()))
    elif command.kind == "ask":
        if not command.argument.strip():
            texting.reply(farm_reply("question_empty", language))
            return
        asked = questions.ask(connection, texting.catalog, farming, texting.sender,
                              texting.message.channel, language, command.argument, now,
                              texting.ticket_factory)
        texting.report_id = asked.report_id
        texting.reply(farm_reply("question_received", language, ticket=asked.ticket),
                      asked.report_id)
    elif command.kind == "my_data":
        farmer = farmers.by_phone(connection, texting.sender)
        texting.reply(registration.data_text(texting.catalog, farming, farmer, language)
                      if farmer else farm_reply("not_registered", language))
    elif command.kind == "forget":
        gone = registration.forget(connection, texting.sender)
        texting.reply(farm_reply("forgotten" if gone else "not_registered", language),
                      force=True)
    elif command.kind == "register":
        _next_step(texting, _read(texting, farming, command.argument), language, farming)


def _read(texting: Texting, farming: FarmingCatalog, text: str) -> Registration:
    def place(part: str) -> str | None:
        found = find_place(texting.catalog, part)
        return found.code if found and found.code.count(".") == 3 else None

    return read_registration(text, place, lambda part: find_commodities(farming, part))


def _next_step(texting: Texting, so_far: Registration, language: str,
               farming: FarmingCatalog) -> None:
    """Ask for the first missing thing, or for consent once nothing is missing."""
    asking = so_far.missing[0] if so_far.missing else "consent"
    conversations.start(texting.connection, texting.sender, texting.message.channel,
                        "register", None, texting.now, minutes=REGISTER_MINUTES,
                        name=so_far.name, desa=so_far.desa or "",
                        commodities=",".join(so_far.commodities), group=so_far.group,
                        asking=asking, language=language)
    texting.reply(farm_reply(ASK_FOR.get(asking, "consent"), language))


def answer(texting: Texting, conversation: Conversation, command: Command,
           farming: FarmingCatalog) -> bool:
    """The message answers a farmers' line question; False when it does not (the caller
    handles it as a new message)."""
    text = command.argument.strip()
    word = text.lower().strip(" .!")
    if conversation.stage == "helpful":
        conversations.end(texting.connection, texting.sender)
        if word not in ("1", "2") or conversation.report_id is None:
            return False
        questions.rate(texting.connection, conversation.report_id, word == "1", texting.now)
        texting.reply(farm_reply("helpful_thanks", command.language), conversation.report_id)
        return True
    data = conversation.data
    language = data.get("language") or command.language
    so_far = Registration(data.get("name", ""), data.get("desa") or None,
                          tuple(c for c in data.get("commodities", "").split(",") if c),
                          data.get("group", ""))
    if data.get("asking") == "consent":
        if word in YES:
            conversations.end(texting.connection, texting.sender)
            registration.save(texting.connection, texting.sender, so_far, language,
                              texting.message.channel, texting.now)
            farmer = farmers.by_phone(texting.connection, texting.sender)
            assert farmer is not None
            texting.reply(registration.registered_text(texting.catalog, farming, farmer,
                                                       language))
        elif word in NO:
            conversations.end(texting.connection, texting.sender)
            texting.reply(farm_reply("declined", language))
        else:
            texting.reply(farm_reply("consent", language))
        return True
    given = _read(texting, farming, text)
    if data.get("asking") == "name" and not given.name:
        given = Registration(name=" ".join(text.split()[:4])[:60])
    _next_step(texting, so_far.merged(given), language, farming)
    return True
