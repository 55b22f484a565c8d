"""The words of every prompt, reply and category name against config/glossary.yaml: what the
glossary says to avoid does not come back, and citizens read agencies' names in full."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml

from farming.replies import TEXTS as FARMING_TEXTS
from sms.replies import STATUS_WORDS
from sms.replies import TEXTS as SMS_TEXTS
from tests.conftest import CONFIG_DIR

GLOSSARY = yaml.safe_load((CONFIG_DIR / "glossary.yaml").read_text())


def user_texts(flows, catalog) -> Iterator[tuple[str, str, str]]:
    """(where, language, text) for everything a caller hears or a citizen reads."""
    for flow_id, flow in flows.items():
        for prompt_id, texts in flow.prompts.items():
            for language, text in texts.items():
                if prompt_id != "choose_language":  # each language in its own words
                    yield f"{flow_id}:{prompt_id}", language, text
    for source, texts in (("sms", SMS_TEXTS), ("status", STATUS_WORDS),
                          ("farming", FARMING_TEXTS)):
        for key, by_language in texts.items():
            for language, text in by_language.items():
                yield f"{source}:{key}", language, text
    for code, category in catalog.categories.items():
        for language, text in category.names.items():
            yield f"category:{code}", language, text


@pytest.mark.parametrize("language", ["id", "jv", "en"])
def test_no_prompt_reply_or_category_uses_a_phrase_the_glossary_avoids(flows, catalog,
                                                                        language):
    avoided = GLOSSARY["avoid"][language]
    found = [
        f"{where}: {phrase['phrase']!r} (use {phrase['use']!r}) in {text!r}"
        for where, lang, text in user_texts(flows, catalog) if lang == language
        for phrase in avoided
        if re.search(rf"\b{re.escape(phrase['phrase'])}", text, re.IGNORECASE)
    ]
    assert not found, "\n".join(found)


def test_the_check_finds_an_avoided_word():
    text = "Dalan utawa kreteg rusak"
    assert any(re.search(rf"\b{re.escape(p['phrase'])}", text, re.IGNORECASE)
               for p in GLOSSARY["avoid"]["jv"])


def test_citizens_hear_and_read_agencies_by_name_not_by_acronym(catalog):
    acronyms = {code: re.findall(r"\b[A-Z0-9]{2,}\b", agency.spoken_name)
                for code, agency in catalog.agencies.items()}
    assert {code: found for code, found in acronyms.items() if found} == {"PLN": ["PLN"]}
