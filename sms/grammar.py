"""What a citizen's text message asks for, Indonesian first, forgiving of how it is written.

    LAPOR <text>, or any other free text        a report
    CEK <ticket> / STATUS <ticket>              where a report stands
    BATAL <ticket>                              cancel one's own report
    INFO / BANTUAN / HELP                       a short how-to
    STOP / BERHENTI, MULAI / START              opt out of and back into messages
    DAFTAR <nama, desa, komoditas...>           register on the farmers' line
    HARGA <komoditas> [<tawaran>]               the market price, or an offer compared to it
    TANYA <pertanyaan>                          a question to the desa's field officer
    DATA, HAPUS                                 what the farmers' line holds; delete it

Case, punctuation, extra spaces, a missing space ("cek123456789") and common variants ("lpr",
"stat", "btl") are accepted. The language of the answer (id, jv or en) is guessed from the words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_TEXT = 2000

KEYWORDS: dict[str, str] = {
    "lapor": "report", "laporan": "report", "lpr": "report", "lapur": "report",
    "aduan": "report", "adu": "report", "report": "report",
    "cek": "check", "cekk": "check", "cex": "check", "check": "check", "status": "check",
    "stat": "check", "sts": "check",
    "batal": "cancel", "batalkan": "cancel", "btl": "cancel", "cancel": "cancel",
    "info": "help", "bantuan": "help", "help": "help", "menu": "help", "?": "help",
    "stop": "stop", "berhenti": "stop", "unsubscribe": "stop", "stopall": "stop",
    "mulai": "start", "start": "start", "unstop": "start",
    # The farmers' line, with the misspellings and Javanese words farmers use.
    "daftar": "register", "dafter": "register", "daptar": "register", "dftr": "register",
    "dafar": "register", "register": "register", "registrasi": "register", "regis": "register",
    "harga": "price", "harag": "price", "hrg": "price", "hraga": "price", "harg": "price",
    "rego": "price", "regane": "price", "price": "price",
    "tanya": "ask", "tnya": "ask", "tny": "ask", "tanyak": "ask", "nanya": "ask",
    "takon": "ask", "ask": "ask", "pertanyaan": "ask",
    "data": "my_data", "dataku": "my_data", "datane": "my_data",
    "hapus": "forget", "hps": "forget", "hapuskan": "forget", "busak": "forget",
    "delete": "forget",
}
# Keywords that take a few words at most (more, and the text is a report that starts so).
SHORT = {"help": 2, "stop": 2, "start": 2, "my_data": 2, "forget": 3, "price": 4}
ENGLISH = {"check", "help", "cancel", "start", "report", "the", "is", "please", "road", "there",
           "broken", "my", "in", "near", "hello", "water", "not", "and"}
JAVANESE = {"nggih", "mboten", "ora", "sampun", "wis", "kulo", "kula", "dalan", "niki", "niku",
            "wonten", "nyuwun", "monggo", "mangga", "matur", "nuwun", "rusak e", "opo", "piye",
            "ngapunten", "dereng", "sing", "karo", "ning", "neng", "nang", "enggal", "banyu",
            "takon", "rego", "busak", "kenthang", "kobis", "lombok", "aku", "ama", "godhong",
            "regane", "datane"}


@dataclass(frozen=True, slots=True)
class Command:
    """What a citizen's text asks for: a keyword command, its argument, or a report."""

    kind: str  # report, check, cancel, help, stop, start, empty; register, price, ask,
    # my_data, forget (the farmers' line)
    argument: str  # the report text, or the ticket digits
    language: str  # id, jv or en
    keyword: bool = True  # False for free text (which may answer a follow-up question)


def _has_words(text: str) -> bool:
    """True when the text has at least one letter or digit (not only emoji or punctuation)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


def guess_language(text: str, keyword: str = "") -> str:
    """The language of a text (id, jv or en), from its keyword and words."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    if keyword in ("check", "help", "cancel", "start", "report") and keyword in words:
        return "en"
    english, javanese = len(words & ENGLISH), len(words & JAVANESE)
    if english >= 2 and english > javanese:
        return "en"
    if javanese >= 1 and javanese >= english:
        return "jv"
    return "id"


def _ticket_digits(text: str) -> str:
    """'123 456-789' -> '123456789': spaces, dashes and dots between digits are dropped."""
    match = re.search(r"\d[\d\s.\-]*\d|\d", text)
    return re.sub(r"\D", "", match.group(0)) if match else ""


def parse(body: str) -> Command:
    """The command a citizen's text carries; anything else is a report."""
    text = unicodedata.normalize("NFC", body or "").strip()[:MAX_TEXT]
    text = re.sub(r"\s+", " ", text)
    if not _has_words(text):
        return Command("empty", "", "id", keyword=False)
    match = re.match(r"^[#*!/.]*([A-Za-z?]+)[\s.:,;!\-]*(.*)$", text, re.DOTALL)
    first = match.group(1).lower() if match else ""
    rest = match.group(2).strip() if match else text
    # "cek123456789": the keyword glued to the ticket.
    glued = re.match(r"^([A-Za-z]+?)(\d[\d\s.\-]*)$", text)
    if glued and glued.group(1).lower() in KEYWORDS:
        first, rest = glued.group(1).lower(), glued.group(2)
    kind = KEYWORDS.get(first, "")
    if text.strip() == "?":
        kind, rest = "help", ""
    if kind in ("check", "cancel"):
        return Command(kind, _ticket_digits(rest), guess_language(text, first))
    if kind in SHORT and len(rest.split()) <= SHORT[kind]:
        argument = rest if kind == "price" else ""
        return Command(kind, argument, guess_language(text, first))
    if kind in ("report", "register", "ask"):
        return Command(kind, rest, guess_language(rest or text, first))
    return Command("report", text, guess_language(text), keyword=False)
