"""Translation per event (never a global locale) and splitting under a platform's limit."""
from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date

from consultation import i18n


class Translator:
    def __init__(self, locale: str | None):
        self.locale = i18n.normalise_locale(locale)

    @property
    def zh(self) -> bool:
        return self.locale.startswith("zh")

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
