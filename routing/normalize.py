"""Indonesian (and Javanese) text normalisation before matching words to agencies.

Lower case; URLs, numbers and punctuation become spaces; letters repeated three times or more
are cut to one ("rusakkkk" -> "rusak"); common SMS spellings and frequent Javanese words become
the standard Indonesian word ("jln" -> "jalan", "gak" -> "tidak", "dalan" -> "jalan",
"uwuh" -> "sampah").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

SPELLINGS: Mapping[str, str] = {
    # SMS spellings
    "yg": "yang", "gk": "tidak", "ga": "tidak", "gak": "tidak", "nggak": "tidak",
    "ngga": "tidak", "enggak": "tidak", "tdk": "tidak", "tak": "tidak", "jln": "jalan",
    "jl": "jalan", "jalanan": "jalan", "dkt": "dekat", "sdh": "sudah", "udh": "sudah",
    "udah": "sudah", "dah": "sudah", "blm": "belum", "blum": "belum", "bgt": "banget",
    "tlg": "tolong", "tolongin": "tolong", "mhn": "mohon", "dg": "dengan", "dgn": "dengan",
    "krn": "karena", "krna": "karena", "utk": "untuk", "sy": "saya", "sya": "saya",
    "kmrn": "kemarin", "skrg": "sekarang", "skrng": "sekarang", "lg": "lagi", "bnyk": "banyak",
    "org": "orang", "spt": "seperti", "trs": "terus", "tp": "tapi", "dr": "dari", "pd": "pada",
    "dlm": "dalam", "sm": "sama", "bs": "bisa", "gmn": "bagaimana", "knp": "kenapa",
    "kpd": "kepada", "byk": "banyak", "hrs": "harus", "jg": "juga", "aja": "saja",
    "bhw": "bahwa", "rmh": "rumah", "sklh": "sekolah",
    "lampunya": "lampu", "sampahnya": "sampah", "jalannya": "jalan",
    # frequent Javanese words
    "dalan": "jalan", "ratan": "jalan", "wit": "pohon", "uwit": "pohon", "ambruk": "tumbang",
    "rubuh": "roboh", "banyu": "air", "kobong": "kebakaran", "kobongan": "kebakaran",
    "ula": "ular", "uwuh": "sampah", "reged": "kotor", "mampet": "tersumbat",
    "buntu": "tersumbat", "ora": "tidak", "mboten": "tidak", "wis": "sudah",
    "sampun": "sudah", "durung": "belum", "dereng": "belum", "omah": "rumah",
    "griya": "rumah", "lepen": "sungai", "kreteg": "jembatan",
    "ama": "hama", "rabuk": "pupuk", "peteng": "gelap", "nyuwun": "mohon", "tulung": "tolong",
}


def normalize(text: str) -> str:
    """Text as the rules match it: lower case, letters only, common spellings unified."""
    text = text.lower()
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"\[[a-z_]+\]", " ", text)  # masked values such as [NOMOR_HP]
    text = re.sub(r"[^a-z]+", " ", text)  # digits and punctuation
    text = re.sub(r"([a-z])\1{2,}", r"\1", text)
    return " ".join(SPELLINGS.get(word, word) for word in text.split())
