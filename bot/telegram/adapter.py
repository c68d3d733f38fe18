"""Translate Telegram updates into core events and core replies into Bot API calls."""
from __future__ import annotations

import asyncio
import html
import logging
import weakref

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.core import Conversation, Event, OutMessage, Reply
from bot.core.text import Translator
from consultation.i18n import LOCALES
from consultation.services import Services

from .throttle import Throttle

log = logging.getLogger(__name__)

MAX_TEXT = 4000  # Telegram's limit is 4096 characters after entity parsing; keep a margin
PLATFORM = "telegram"
COMMAND_LANGUAGES = {"zh_CN": "zh", "en": "en"}
# Choices that move a conversation on: the pressed keyboard is closed so it cannot be pressed twice.
NAVIGATION_PREFIXES = ("r:", "m:", "menu", "c:", "l:", "tb:")


def _language_hint(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user else None


def to_event(update: Update) -> Event | None:
    if update.callback_query is not None:
        return Event.choice(update.callback_query.data or "")
    message = update.message
    if message is None:
        return None
    text = message.text
    if text is None:
        return None
    if text.startswith("/"):
        return Event.command(text[1:].split(maxsplit=1)[0] if len(text) > 1 else "")
    return Event.text(text)


def keyboard(choices) -> InlineKeyboardMarkup | None:
    if not choices:
        return None
    rows, pending = [], []
    for choice in choices:
        button = InlineKeyboardButton(choice.label[:60], callback_data=choice.id)
        if len(choice.label) <= 12:
            pending.append(button)
            if len(pending) == 3:
                rows.append(pending)
                pending = []
        else:
            if pending:
                rows.append(pending)
                pending = []
            rows.append([button])
    if pending:
        rows.append(pending)
    return InlineKeyboardMarkup(rows)


def render(message) -> str:
    """HTML-escaped text: nothing the user typed can become markup."""
    text = html.escape(message.text, quote=False)
    if message.link is not None:
        text += f"\n\n{html.escape(message.link.label, quote=False)}: {html.escape(message.link.url, quote=False)}"
    return text


def merge(messages):
    """Join consecutive plain pieces (no choices, no link) into one chat message when they fit."""
    merged = []
    for message in messages:
        last = merged[-1] if merged else None
        if (last is not None and not last.choices and last.link is None
                and len(last.text) + 2 + len(message.text) <= MAX_TEXT):
            merged[-1] = OutMessage(last.text + "\n\n" + message.text, message.choices, message.link)
        else:
            merged.append(message)
    return merged


class TelegramAdapter:
    def __init__(self, services: Services, *, throttle: Throttle | None = None):
        self.services = services
        self.conversation = Conversation(services, platform=PLATFORM, max_length=MAX_TEXT)
        self.throttle = throttle or Throttle()
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def _lock(self, user_id: int) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[user_id] = lock
        return lock

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or user.is_bot:
            return
        if chat.type != "private":
            return  # a consultation is one person at a time: groups and channels are not served
        query = update.callback_query
        verdict = self.throttle.check(user.id)
        if verdict != "ok":
            if query is not None:
                await query.answer()
            if verdict == "warn":
                t = Translator(await asyncio.to_thread(self.conversation.locale_for, user.id, _language_hint(update)))
                await context.bot.send_message(chat.id, html.escape(t._(
                    "You are sending messages faster than I can read them. Please wait a few seconds and "
                    "try again.")), parse_mode=ParseMode.HTML)
            return
        event = to_event(update)
        if event is None:
            if update.message is not None:
                t = Translator(await asyncio.to_thread(self.conversation.locale_for, user.id, _language_hint(update)))
                await context.bot.send_message(chat.id, html.escape(t._("I can only read text messages.")),
                                               parse_mode=ParseMode.HTML)
            return
        async with self._lock(user.id):
            reply = await asyncio.to_thread(self.conversation.handle, user.id, event,
                                            language_hint=_language_hint(update), event_id=str(update.update_id))
            await self.send(context.bot, chat.id, reply)
            if query is not None:
                await self._close_keyboard(query, event)

    async def _close_keyboard(self, query, event: Event) -> None:
        await query.answer()
        if event.value.startswith(NAVIGATION_PREFIXES) or query.message is None:
            return
        chosen = None
        markup = getattr(query.message, "reply_markup", None)
        for row in (markup.inline_keyboard if markup else ()):
            for button in row:
                if button.callback_data == event.value:
                    chosen = button.text
        original = getattr(query.message, "text", None)
        if chosen is None or not original:
            return
        try:
            await query.edit_message_text(html.escape(original, quote=False) + "\n\n→ " +
                                          html.escape(chosen, quote=False), parse_mode=ParseMode.HTML)
        except BadRequest as exc:  # too old, or unchanged: the reply below still goes out
            log.info("could not close keyboard: %s", exc)

    async def send(self, bot, chat_id: int, reply: Reply) -> None:
        for message in merge(reply.messages):
            await bot.send_message(chat_id, render(message), parse_mode=ParseMode.HTML,
                                   reply_markup=keyboard(message.choices), disable_web_page_preview=True)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("update %s failed", getattr(update, "update_id", "?"), exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                t = Translator(_language_hint(update))
                await context.bot.send_message(update.effective_chat.id, html.escape(t._(
                    "Sorry, something went wrong on our side. Please try again in a moment.")),
                    parse_mode=ParseMode.HTML)
            except TelegramError:
                log.exception("could not tell the user about the failure")

    async def set_commands(self, bot) -> None:
        """Register the command menu per language (Chinese is also the default)."""
        for locale in LOCALES:
            commands = [BotCommand(name, desc) for name, desc in Conversation.commands(locale)]
            await bot.set_my_commands(commands, language_code=COMMAND_LANGUAGES.get(locale, locale[:2]))
        default = [BotCommand(name, desc) for name, desc in Conversation.commands("zh_CN")]
        await bot.set_my_commands(default)


def file_url_for(base_url: str) -> str:
    """http://host/bot → http://host/file/bot, as the Bot API server lays it out."""
    if base_url.rstrip("/").endswith("/bot"):
        return base_url.rstrip("/")[: -len("/bot")] + "/file/bot"
    return base_url


def build_application(services: Services, token: str, *, base_url: str | None = None,
                      throttle: Throttle | None = None) -> tuple[Application, TelegramAdapter]:
    builder = ApplicationBuilder().token(token).concurrent_updates(True).updater(None)
    if base_url:
        builder = builder.base_url(base_url).base_file_url(file_url_for(base_url))
    application = builder.build()
    adapter = TelegramAdapter(services, throttle=throttle)
    application.add_handler(TypeHandler(Update, adapter.on_update))
    application.add_error_handler(adapter.on_error)
    return application, adapter
