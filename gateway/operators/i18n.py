"""The operators' pages in Indonesian (default) or English, switched per session.

Templates and views wrap their texts in `_()`; `translate` returns the English text from the
catalogue (`gateway.operators.catalogue`) when the operator chose English, and the Indonesian
original otherwise.
"""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, request, session, url_for
from werkzeug.wrappers import Response

from gateway.operators.catalogue import ENGLISH

bp = Blueprint("i18n", __name__)
# A citizen's language, as the pages name it (keys of the catalogue).
LANGUAGE_NAMES = {"id": "Indonesia", "jv": "Jawa", "en": "Inggris"}


def page_language() -> str:
    """The operator's page language: "en" or "id"."""
    return "en" if session.get("ui_lang") == "en" else "id"


def translate(text: str) -> str:
    """The page text `text` in the operator's language (Indonesian when none is known)."""
    if session.get("ui_lang") == "en":
        return ENGLISH.get(text, text)
    return text


def said(text: str, **values: object) -> str:
    """A catalogue text with values: translated first, then filled ("{n} harga tersimpan.")."""
    return translate(text).format(**values)


@bp.get("/lang/<code>")
def choose_language(code: str) -> Response:
    """Remember the operator's page language and go back to the page they were on."""
    if code in ("id", "en"):
        session["ui_lang"] = code
    back = request.referrer or ""
    return redirect(back if back.startswith(request.host_url) else url_for("pages.index"))


def init_app(app: Flask) -> None:
    """Make `_()` available in templates and register the language switch."""
    app.jinja_env.globals["_"] = translate
    app.jinja_env.globals["page_language"] = page_language
    app.register_blueprint(bp)
