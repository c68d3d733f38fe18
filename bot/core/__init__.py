"""The platform-free conversation core shared by the Telegram and WeChat adapters.

Usage (what an adapter does for every incoming message)::

    from bot.core import Conversation, Event

    conversation = Conversation(services, platform="wechat", max_length=600)
    reply = conversation.handle(openid, Event.text("第三条"), language_hint="zh_CN", event_id=msg_id)
    for message in reply.messages:
        send(message.text)             # plain text: escape it for your platform, never interpret it
        for i, choice in enumerate(message.choices, 1):
            ...                        # show as buttons (Telegram) or "回复 1 …" (WeChat);
                                       # when the user picks one, call handle(..., Event.choice(choice.id))
        if message.link:
            ...                        # message.link.url, message.link.label

Events (`bot.core.types.Event`):
- ``Event.command("start")``: start, menu, read, comment, ask, selfcheck, myreceipts, lang, help, back, cancel.
- ``Event.choice(id)``: the id of a `Choice` the core offered (ids are stable strings of at most 64 bytes,
  valid across restarts; an id from an old message is answered sensibly, never acted on blindly).
- ``Event.text(text)``: anything typed. Outside a conversation it is a question for the answer engine.

Reply (`bot.core.types.Reply`): ``messages`` (list of `OutMessage(text, choices, link)`; each text is
already split under ``max_length``, choices and link ride on the last piece), ``locale`` (the locale the
reply is in), ``step`` (the state reached, e.g. "comment.kind"; for logs and tests), ``receipt``
(``{"reference", "token", "url"}`` when this event stored a submission) and ``expects`` ("choice": only
the offered choices; "text": free text or a choice; "number": a typed number is data, not an option number).
`Conversation.last_reply(user_id)` returns the reply last sent (to map "回复 2" back to a choice id).

Guarantees:
- `handle` loads the (platform, user id) row FOR UPDATE, decides, stores state + draft + reply and commits
  before returning: send the reply only after it returns, and nothing the user was told is lost on a crash.
- ``event_id`` (Telegram update_id, WeChat MsgId or FromUserName+CreateTime): a redelivered event returns
  the stored reply unchanged and acts on nothing twice. A confirmation is also idempotent through the
  submission's idempotency key, so a crash between storing and answering cannot store twice.
- Submissions go through `consultation.submissions.submit` with ``channel=platform`` and
  ``account="<platform>:<user id>"``; the window is checked before the user types anything.
- Locale: the user's /lang choice (stored), else ``language_hint`` (the platform's language), else Chinese.
  Nothing is global: every call gets its own translator.
- `Conversation.commands(locale)` lists (command, description) for platform menus (setMyCommands,
  the WeChat custom menu); `bot.core.common.MENU` holds the main-menu choice ids ("m:read", ...).
"""
from .engine import Conversation
from .text import split_text
from .types import Choice, Event, Link, OutMessage, Reply

__all__ = ["Choice", "Conversation", "Event", "Link", "OutMessage", "Reply", "split_text"]
