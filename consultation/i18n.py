"""Gettext catalogs for code that runs outside a Flask request (bot, worker, CLI).

Catalogs live in locales/<area>/<locale>/LC_MESSAGES/messages.po, one area per
part of the product so the parts can be translated independently; they are
merged into one Translations per locale. .mo files are compiled from the .po
files whenever they are missing or older, so a catalog is never stale.
"""
from __future__ import annotations

import os
import threading
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


def area_dirs() -> list[Path]:
    return sorted(p for p in LOCALES_DIR.iterdir() if p.is_dir() and any(p.glob("*/LC_MESSAGES/*.po")))


def compile_catalogs() -> list[Path]:
    """Compile every stale .po into its .mo; returns what was written."""
    written = []
    for po in LOCALES_DIR.glob("*/*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        # Several processes may compile at once (Granian's workers, the bot, parallel test workers): each
        # writes its own temporary file, and the rename makes whichever finishes last the one in place.
        tmp = mo.with_suffix(f".mo.{os.getpid()}.{threading.get_ident()}.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)
        tmp.replace(mo)
        written.append(mo)
    return written


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


@lru_cache(maxsize=None)
def translations(locale: str) -> NullTranslations:
    compile_catalogs()
    merged = Translations()
    for area in area_dirs():
        catalog = Translations.load(str(area), [locale])
        merged.merge(catalog)
        if hasattr(catalog, "plural"):
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
