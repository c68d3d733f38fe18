"""The Official Account's custom menu, built from the core's main menu (bot.core.common.MENU).

Every button is a CLICK whose key is one of the core's choice ids, so a tap
runs exactly what choosing that item in the conversation runs. The platform
allows three top-level buttons (≤16 bytes) with up to five sub-buttons
(≤60 bytes) each: read and comment are top-level, the rest sit under one.
"""
from __future__ import annotations

from bot.core.common import MENU
from consultation.i18n import N_, gettext

TOP_NAME_BYTES = 16
SUB_NAME_BYTES = 60

# Short top-level names (the platform's 16-byte limit is about five Chinese characters).
SHORT_NAMES = {
    "m:read": N_("Read"),
    "m:comment": N_("Comment"),
}
MORE = N_("Ask & check")
TOP_LEVEL = ("m:read", "m:comment")
UNDER_MORE = ("m:ask", "m:selfcheck", "m:receipts", "m:help", "m:lang")


def _fit(text: str, limit: int) -> str:
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text


def build_menu(locale: str = "zh_CN") -> dict:
    """The body of cgi-bin/menu/create."""
    names = dict(MENU)
    names["m:lang"] = "Language / 语言"
    missing = [key for key in (*TOP_LEVEL, *UNDER_MORE) if key not in names]
    if missing:
        raise RuntimeError(f"the core's menu has no {missing}")

    def label(key: str, limit: int) -> str:
        if key == "m:lang":
            return names[key]
        full = gettext(locale, names[key])
        if len(full.encode("utf-8")) <= limit:
            return full
        return _fit(gettext(locale, SHORT_NAMES.get(key, names[key])), limit)

    buttons = [{"type": "click", "name": label(key, TOP_NAME_BYTES), "key": key} for key in TOP_LEVEL]
    buttons.append({"name": _fit(gettext(locale, MORE), TOP_NAME_BYTES),
                    "sub_button": [{"type": "click", "name": label(key, SUB_NAME_BYTES), "key": key}
                                   for key in UNDER_MORE]})
    return {"button": buttons}
