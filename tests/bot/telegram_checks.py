"""What real Telegram checks of a message, which a test could otherwise miss: HTML entities as its parser
reads them (known tags only, balanced), the text's length after parsing (4096), and inline keyboards
(callback data of at most 64 bytes). Refusals are the Bot API's errors, with its descriptions."""
from __future__ import annotations

import json
from html.parser import HTMLParser

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}


class EntityError(ValueError):
    pass


class ApiError(Exception):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code, self.description = code, description


class _TelegramHTML(HTMLParser):
    """Parse like Telegram's HTML mode: known tags only, balanced; collect the visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.visible = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            raise EntityError(f"Unsupported start tag \"{tag}\"")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            raise EntityError(f"Unmatched end tag \"{tag}\"")
        self.stack.pop()

    def handle_data(self, data):
        self.visible.append(data)


def visible_text(text: str, parse_mode: str | None) -> str:
    if parse_mode is None:
        return text
    if parse_mode.upper() != "HTML":
        raise EntityError(f"parse mode {parse_mode} not emulated")
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise EntityError("Unclosed start tag")
    return "".join(parser.visible)


def checked_text(p) -> str:
    """The text of a message as shown, after the checks Telegram makes: not empty, well-formed entities,
    at most 4096 characters once they are parsed."""
    text = p.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    try:
        shown = visible_text(text, p.get("parse_mode"))
    except EntityError as exc:
        raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
    if len(shown) > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    return shown


def checked_markup(markup):
    """An inline keyboard as Telegram takes it: callback data of 1 to 64 bytes, every button with a text."""
    if markup is None:
        return None
    if isinstance(markup, str):
        markup = json.loads(markup)
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not button.get("text"):
                raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
    return markup
