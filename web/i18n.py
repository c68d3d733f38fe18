"""Choosing the page language: explicit switch, then the remembered cookie, then Accept-Language."""
from __future__ import annotations

from babel import Locale
from flask import request
from flask_babel import Domain, get_locale

from consultation.i18n import LOCALES, normalise_locale, translations

COOKIE = "lang"
# Flask-Babel passes the selector's answer to Locale.parse, which returns a Locale as it is but parses a
# string anew on every request (~15 µs of an API request): hand it the parsed ones.
_PARSED = {code: Locale.parse(code) for code in LOCALES}


def select_locale() -> Locale:
    # Each source is parsed only when the request carries it: an API client sends none of them, and
    # Werkzeug's parsers, even of nothing, were a twentieth of such a request.
    environ = request.environ
    chosen = environ.get("QUERY_STRING") and request.args.get("lang")
    if not chosen and environ.get("HTTP_COOKIE"):
        chosen = request.cookies.get(COOKIE)
    if not chosen and environ.get("HTTP_ACCEPT_LANGUAGE"):
        chosen = request.accept_languages.best_match(["zh_CN", "zh", "en"], default="zh_CN")
    return _PARSED[normalise_locale(chosen)]


def current_locale() -> str:
    """The request's locale as the catalogs and the database name it (zh_CN, en)."""
    return normalise_locale(str(get_locale() or "zh_CN"))


class CatalogDomain(Domain):
    """Serve the same merged per-area catalogs the bot and worker use.

    Babel parses zh_CN as zh_Hans_CN, which gettext's directory lookup would
    not find; mapping through normalise_locale keeps one notion of locale.
    """

    def get_translations(self):
        return translations(current_locale())


__all__ = ["select_locale", "COOKIE", "LOCALES"]
