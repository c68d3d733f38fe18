"""Translation per event (never a global locale) and splitting under a platform's limit."""
from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date

from consultation import i18n

from .types import OutMessage


class Translator:
    def __init__(self, locale: str | None):
        self.locale = i18n.normalise_locale(locale)

    @property
    def zh(self) -> bool:
        return i18n.is_chinese(self.locale)

    def _(self, msgid: str, **params) -> str:
        return i18n.gettext(self.locale, msgid, **params)

    def ngettext(self, singular: str, plural: str, n: int, **params) -> str:
        return i18n.ngettext(self.locale, singular, plural, n, **params)

    def date(self, day: dt.date) -> str:
        return format_date(day, "long", locale=self.locale)


_BREAKS = [re.compile(r"\n\n"), re.compile(r"\n"), re.compile(r"(?<=[。;;!?!?])"), re.compile(r"(?<=[,,、 ])")]


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of `text`, each at most `limit` characters, cut at the cleanest break available."""
    if limit < 16:
        raise ValueError("limit too small")
    pieces = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = None
        for pattern in _BREAKS:
            positions = [m.end() if m.end() > m.start() else m.start() for m in pattern.finditer(window)]
            positions = [p for p in positions if limit // 3 <= p <= limit]
            if positions:
                cut = positions[-1]
                break
        if cut is None:
            cut = limit
        pieces.append(rest[:cut].rstrip("\n"))
        rest = rest[cut:].lstrip("\n")
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def pack(messages: list, limit: int) -> list:
    """Join consecutive plain pieces (no choices, no link) into one chat message when they fit."""
    packed = []
    for message in messages:
        last = packed[-1] if packed else None
        if (last is not None and not last.choices and last.link is None
                and len(last.text) + 2 + len(message.text) <= limit):
            packed[-1] = OutMessage(last.text + "\n\n" + message.text, message.choices, message.link)
        else:
            packed.append(message)
    return packed


def shorten(text: str, width: int) -> str:
    """`text` within `width` characters, cut at a word boundary when it has spaces (never mid-word)."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    head = text[: width - 1]
    space = head.rfind(" ")
    if space >= width // 2:
        head = head[:space]
    return head.rstrip(" ,;:-(") + "…"
