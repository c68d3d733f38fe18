"""WeChat speaks the platform-free core (`bot.core.Conversation`): events in, texts out.

In: a text is a question or the answer to the current step; a bare number
("1", "1", "回复 1") picks the choice with that number from the last reply,
as does the exact label of a choice; "/cancel", "取消", "返回", "菜单" … are
the core's commands; a subscribe event is /start; a menu CLICK carries one of
the core's main-menu choice ids (`bot.core.common.MENU`) as its EventKey.

Out: each reply's messages as plain text, their choices numbered
("回复 1:阅读征求意见稿" / "Reply 1: Read the draft"), links as plain URLs
(WeChat makes them clickable), packed into as few WeChat texts (≤2048 bytes
each) as possible. `<a` in any text is defused: WeChat renders <a href> in
text messages, and user text must never become a link.
"""
from __future__ import annotations

import re
import unicodedata

from bot.core import Conversation, Event, Reply
from bot.core.common import MENU
from consultation.i18n import N_, gettext, is_chinese

from .protocol import TEXT_LIMIT_BYTES, split_text

PLATFORM = "wechat"
# Characters per core message: about 1,800 bytes of Chinese, leaving room for the numbered choices.
CORE_MAX_LENGTH = 600
MENU_KEYS = {cid for cid, _ in MENU} | {"m:lang"}
MEDIA_TYPES = {"image", "voice", "video", "shortvideo", "location", "link", "file"}


def takes_numbers(reply: Reply) -> bool:
    """At steps where a typed number is data (points, self-check answers), options are picked with "#1"."""
    return reply.expects == "number"


_COMMAND_WORDS = {
    "取消": "cancel", "cancel": "cancel", "退出": "cancel",
    "返回": "back", "上一步": "back", "back": "back",
    "菜单": "menu", "主菜单": "menu", "menu": "menu",
    "帮助": "help", "help": "help", "?": "help",
    "开始": "start", "start": "start",
    "语言": "lang", "language": "lang", "english": "lang",
    "我的回执": "myreceipts", "回执": "myreceipts",
}


def _first_word(command: str, chinese: bool) -> str | None:
    for word, name in _COMMAND_WORDS.items():
        if name == command and word.isalpha() and (word.isascii() != chinese):
            return word
    return None


# How a command is named to a WeChat user: the word that works when typed (返回, 取消 …), not "/back", which
# a Telegram user has as a menu entry and a WeChat user would have to type with its slash.
_SAID_AS = {chinese: {name: f"“{w}”" if chinese else f'"{w}"' for name in set(_COMMAND_WORDS.values())
                      if (w := _first_word(name, chinese))}
            for chinese in (True, False)}
_SLASH_COMMAND = re.compile(r"(?<![\w/])/([a-z]+)(?![\w/])")


_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff，。（]) (?=“)|(?<=”) (?=[\u4e00-\u9fff，。）])")


def say_commands(text: str, locale: str) -> str:
    chinese = is_chinese(locale)
    said = _SLASH_COMMAND.sub(lambda m: _SAID_AS[chinese].get(m.group(1), m.group(0)), text)
    return _CJK_SPACE.sub("", said) if chinese and said != text else said


# After NFKC (full-width digits read as ASCII), digits 0-9 only: "回复 ٣" is no option number
# (the rule for numbers typed by people, consultation.intake.fields).
_NUMBER = re.compile(r"^(?:回复|reply|#)?\s*#?\s*([0-9]{1,2})$", re.I)
_HASH_NUMBER = re.compile(r"^#\s*([0-9]{1,2})$")
_ANCHOR = re.compile(r"<(?=\s*/?\s*a\b)", re.I)

MSG_REPLY_CHOICE = N_("Reply %(number)d: %(label)s")
MSG_REPLY_CHOICE_HASH = N_("Reply #%(number)d: %(label)s")
MSG_NUMBER_HINT = N_("(Type a number as your answer; to pick an option, reply with # and its number.)")
MSG_TEXT_ONLY = N_("I can only read text messages. Type your question, or reply 0 for the main menu.")
MSG_BUSY = N_("Sorry, something went wrong while answering. Please try again in a moment.")
MSG_LINK = N_("%(label)s: %(url)s")


def defuse(text: str) -> str:
    return _ANCHOR.sub("\ufe64", text)


class WeChatAdapter:
    def __init__(self, services, conversation: Conversation | None = None):
        self.services = services
        # compact: every text beyond the passive reply costs a customer-service message, so long user texts
        # are summarised (the receipt page shows them whole).
        self.conversation = conversation or Conversation(services, platform=PLATFORM, max_length=CORE_MAX_LENGTH,
                                                         compact=True)

    # ---------------------------------------------------------------- in
    def event_for(self, message: dict, openid: str) -> Event | None:
        """The core event a platform message stands for; None: nothing to answer (e.g. unsubscribe)."""
        msg_type = str(message.get("MsgType", "")).lower()
        if msg_type == "text":
            return self.text_event(openid, str(message.get("Content") or ""))
        if msg_type == "event":
            event = str(message.get("Event", "")).lower()
            if event == "subscribe":
                return Event.command("start")
            if event == "click":
                key = str(message.get("EventKey") or "")
                return Event.choice(key) if key in MENU_KEYS else Event.command("menu")
            return None  # unsubscribe, VIEW, location, template results ...: nothing to say
        if msg_type in MEDIA_TYPES:  # the core reminds of the current step and of the mailbox for files
            return Event.media(msg_type)
        return Event("unsupported", msg_type)

    def text_event(self, openid: str, text: str) -> Event:
        raw = unicodedata.normalize("NFKC", text).strip()
        if raw.startswith("/") and len(raw) > 1 and raw[1:].replace("_", "").isalnum():
            return Event.command(raw)
        word = raw.lower()
        if word in _COMMAND_WORDS:
            return Event.command(_COMMAND_WORDS[word])
        last = self.last_reply(openid)
        numeric = last is not None and takes_numbers(last)
        if word == "0" and not numeric:
            return Event.command("menu")
        if last is not None and last.choices:
            choices = last.choices
            match = (_HASH_NUMBER if numeric else _NUMBER).match(raw)
            if match and 1 <= int(match.group(1)) <= len(choices):
                return Event.choice(choices[int(match.group(1)) - 1].id)
            for choice in choices:
                if unicodedata.normalize("NFKC", choice.label).strip().lower() == word:
                    return Event.choice(choice.id)
        return Event.text(text)

    def last_reply(self, openid: str) -> Reply | None:
        """The reply the user is looking at (stored by the core with the state)."""
        return self.conversation.last_reply(openid)

    # ---------------------------------------------------------------- out
    def respond(self, openid: str, event: Event, *, event_id: str | None = None) -> list[str]:
        if event.kind == "unsupported":
            locale = self.conversation.locale_for(openid)
            return [gettext(locale, MSG_TEXT_ONLY)]
        reply = self.conversation.handle(openid, event, event_id=event_id)
        return self.render(reply)

    def render(self, reply: Reply) -> list[str]:
        """The reply as WeChat texts, each within the platform's byte limit."""
        locale = reply.locale
        numeric = takes_numbers(reply)
        template = MSG_REPLY_CHOICE_HASH if numeric else MSG_REPLY_CHOICE
        blocks, number = [], 0
        for message in reply.messages:
            lines = [defuse(say_commands(message.text, locale))]
            if message.choices:
                options = []
                for choice in message.choices:
                    number += 1
                    options.append(gettext(locale, template, number=number, label=defuse(choice.label)))
                if numeric:
                    options.append(gettext(locale, MSG_NUMBER_HINT))
                lines.append("\n".join(options))
            if message.link:
                lines.append(gettext(locale, MSG_LINK, label=defuse(message.link.label), url=message.link.url))
            blocks.append("\n\n".join(line for line in lines if line))
        return split_text("\n\n".join(b for b in blocks if b), TEXT_LIMIT_BYTES)

    def error_texts(self, openid: str) -> list[str]:
        try:
            locale = self.conversation.locale_for(openid)
        except Exception:  # the database may be what failed
            locale = "zh_CN"
        return [gettext(locale, MSG_BUSY)]
