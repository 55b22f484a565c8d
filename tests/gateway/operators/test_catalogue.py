"""One catalogue for the operators' pages: every text a template or view gives `_()`,
`translate`, `said`, `flash`, `ActionError` or a list of problems has its English entry, and no
template holds bare text (words outside `_()`)."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

from gateway.operators.catalogue import ENGLISH

OPERATORS = Path(__file__).parents[3] / "gateway" / "operators"
TEMPLATES = sorted((OPERATORS / "templates").rglob("*.html"))
VIEWS = sorted(OPERATORS.glob("*.py"))  # accounts.py holds OperatorError's page words
CALLS = {"_", "translate", "said", "flash", "ActionError"}
SHOWN = {"placeholder", "title", "aria-label", "alt"}  # attributes a person reads or hears
# Not words to translate: the product's name, units and formats.
PLAIN = {"Lapor Kota Batu", "Bahasa Indonesia", "English", "WIB", "CSV", "SVG", "NIK", "Rp",
         "ha", "YYYY-MM-DD", "URC", "SMS"}
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def template_keys(path: Path) -> set[str]:
    tree = Environment(extensions=["jinja2.ext.do"]).parse(path.read_text())
    return {call.args[0].value for call in tree.find_all(nodes.Call)
            if isinstance(call.node, nodes.Name) and call.node.name == "_"
            and call.args and isinstance(call.args[0], nodes.Const)
            and isinstance(call.args[0].value, str)}


def view_keys(path: Path) -> set[str]:
    keys = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else \
            getattr(node.func, "id", "")
        first = node.args[0]
        if (name in CALLS or (name == "append" and getattr(node.func.value, "id", "")
                              == "problems")) and isinstance(first, ast.Constant) \
                and isinstance(first.value, str):
            keys.add(first.value)
        if name == "OperatorError" and len(node.args) > 1:  # its words for the pages
            keys.add(ast.literal_eval(node.args[1]))
    return keys


def bare_texts(path: Path) -> list[str]:
    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.hidden += tag in ("script", "style")
            self.found += [f"{tag}@{k}: {v!r}" for k, v in attrs
                           if k in SHOWN and v and words(v)]

        def handle_endtag(self, tag: str) -> None:
            self.hidden -= tag in ("script", "style")

        def handle_data(self, data: str) -> None:
            if not self.hidden and words(data):
                self.found.append(repr(data.strip()))

    reader = Reader()
    reader.feed(JINJA.sub(" ", path.read_text()))
    return reader.found


def words(text: str) -> bool:
    for name in sorted(PLAIN, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", " ", text)
    return re.search(r"[A-Za-z]{2,}", text) is not None


@pytest.mark.parametrize("path", TEMPLATES + VIEWS, ids=lambda p: p.name)
def test_every_text_given_to_the_catalogue_has_its_english(path):
    keys = template_keys(path) if path.suffix == ".html" else view_keys(path)
    assert not sorted(k for k in keys if k.strip() and not ENGLISH.get(k)), path.name


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_template_holds_bare_text(path):
    assert bare_texts(path) == [], path.name


def test_the_checks_find_bare_text_and_a_missing_key(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<h1>{{ _("Antrean") }} 10 laporan</h1><input placeholder="cari">'
                    '<p>{{ _("Kata yang tidak ada di katalog") }}</p>')
    assert bare_texts(page) == ["'10 laporan'", "input@placeholder: 'cari'"]
    assert "Kata yang tidak ada di katalog" not in ENGLISH
    assert template_keys(page) == {"Antrean", "Kata yang tidak ada di katalog"}
