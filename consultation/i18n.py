"""Gettext catalogs for code that runs outside a Flask request (bot, worker, CLI).

Catalogs live in locales/<area>/<locale>/LC_MESSAGES/messages.po, one area per
part of the product so the parts can be translated independently; they are
merged into one Translations per locale. The .po files are read straight into
memory once per process: nothing is compiled to disk, so an installed package
(whose site-packages may be read-only) starts as the source tree does, and a
catalog is never stale.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LOCALES = ("zh_CN", "en")
DEFAULT_LOCALE = "zh_CN"


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


class Refusal(Exception):
    """A refusal said to a person: `message` is a msgid, translated by the adapter with `params` (the
    exception's own text is the English, for logs)."""

    def __init__(self, message: str, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def area_dirs() -> list[Path]:
    return sorted(p for p in LOCALES_DIR.iterdir() if p.is_dir() and any(p.glob("*/LC_MESSAGES/*.po")))


def is_chinese(locale) -> bool:
    """Whether text for this locale is written the Chinese way (zh, zh_CN, zh_Hans_CN, a Babel Locale):
    full-width punctuation, no spaces between sentences, the official Chinese titles."""
    return str(locale or "").startswith("zh")


def normalise_locale(value: str | None) -> str:
    """Map what a client says (zh, zh-Hans, en-GB, zh_CN) onto a supported locale."""
    if not value:
        return DEFAULT_LOCALE
    v = value.replace("-", "_").lower()
    if v.startswith("en"):
        return "en"
    if v.startswith("zh"):
        return "zh_CN"
    return DEFAULT_LOCALE


def load_catalog(po: Path, locale: str) -> Translations:
    """One area's catalog for one locale, compiled in memory."""
    with po.open("rb") as f:
        catalog = read_po(f, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


@lru_cache(maxsize=None)
def translations(locale: str) -> NullTranslations:
    merged = Translations()
    for area in area_dirs():
        po = area / locale / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            continue
        catalog = load_catalog(po, locale)
        merged.merge(catalog)
        # merge() does not carry the plural rule over; Chinese has one form.
        merged.plural = catalog.plural
    return merged


def gettext(locale: str, message: str, **params) -> str:
    text = translations(normalise_locale(locale)).ugettext(message)
    return text % params if params else text


def ngettext(locale: str, singular: str, plural: str, n: int, **params) -> str:
    text = translations(normalise_locale(locale)).ungettext(singular, plural, n)
    params.setdefault("num", n)
    return text % params
