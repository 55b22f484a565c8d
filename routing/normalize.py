"""Indonesian (and Javanese) text normalisation before matching words to agencies.

Lower case; URLs, numbers and punctuation become spaces; letters repeated three times or more
are cut to one ("rusakkkk" -> "rusak"); the city's `spellings` (SMS spellings, Javanese and
English words, in `config/routing.yaml`) become the standard Indonesian word ("jln" -> "jalan",
"dalane" -> "jalan", "bolongan" -> "berlubang", "uwuh" -> "sampah").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

NO_SPELLINGS: Mapping[str, str] = {}


def normalize(text: str, spellings: Mapping[str, str] = NO_SPELLINGS) -> str:
    """Text as the rules match it: lower case, letters only, `spellings` unified."""
    text = text.lower()
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"\[[a-z_]+\]", " ", text)  # masked values such as [NOMOR_HP]
    text = re.sub(r"[^a-z]+", " ", text)  # digits and punctuation
    text = re.sub(r"([a-z])\1{2,}", r"\1", text)
    # A word may map to "" (English filler such as "the", "is"): it is dropped.
    return " ".join(w for w in (spellings.get(word, word) for word in text.split()) if w)
