"""Translate Telegram updates into core events and core replies into Bot API calls."""
from __future__ import annotations

import asyncio
import html
import logging
import os

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.core import Conversation, Event
from bot.core.ratelimit import MSG_LIMITED, UserLimiter
from bot.core.text import Translator
from consultation.i18n import LOCALES, N_
from consultation.intake.contacts import ContactLimit
from consultation.services import Services

from .delivery import Delivery
from .processing import LongInputJoiner, PerChatUpdateProcessor

log = logging.getLogger(__name__)

MAX_TEXT = 4000  # Telegram's limit is 4096 characters after entity parsing; keep a margin
PLATFORM = "telegram"
COMMAND_LANGUAGES = {"zh_CN": "zh", "en": "en"}
# Choices that move a conversation on: the pressed keyboard is closed so it cannot be pressed twice.
NAVIGATION_PREFIXES = ("r:", "m:", "menu", "c:", "l:", "tb:")
SEND_TIMEOUT = 30.0
MSG_PRIVATE_ONLY = N_("I only talk in private chats, one person at a time: please open a private chat with me.")


def _language_hint(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user else None


MEDIA_KINDS = ("photo", "sticker", "voice", "audio", "video", "video_note", "animation", "document",
               "location", "contact")


def to_event(update: Update, joined: tuple[str, int] | None = None) -> Event | None:
    if update.callback_query is not None:
        return Event.choice(update.callback_query.data or "")
    if update.edited_message is not None:
        return Event.edited(update.edited_message.text or update.edited_message.caption or "")
    message = update.message
    if message is None:
        return None
    if joined is not None:
        return Event.text(*joined)
    text = message.text
    if text is None:
        kind = next((k for k in MEDIA_KINDS if getattr(message, k, None)), "other")
        return Event.media(kind)
    if text.startswith("/"):
        return Event.command(text[1:].split(maxsplit=1)[0] if len(text) > 1 else "")
    return Event.text(text)


class TelegramAdapter:
    def __init__(self, services: Services, *, limiter: UserLimiter | None = None,
                 joiner: LongInputJoiner | None = None, contact_limit: ContactLimit | None = None):
        self.services = services
        # RATE_LIMIT_CONTACT in the web's counters (Redis with REDIS_URL; else this process's own memory)
        contact_limit = contact_limit or ContactLimit.from_settings(os.environ, services.settings.redis_url,
                                                                    services.settings.secret_key)
        self.conversation = Conversation(services, platform=PLATFORM, max_length=MAX_TEXT,
                                         contact_limit=contact_limit)
        self.limiter = limiter or UserLimiter.from_settings(PLATFORM, os.environ, services.settings.redis_url)
        self.joiner = joiner or LongInputJoiner()
        self.delivery = Delivery(services.sessionmaker, platform=PLATFORM)

    async def _say(self, bot, chat_id: int, update: Update, msgid: str, **params) -> None:
        """A one-off notice outside any conversation (rate limit, groups): best effort, never retried."""
        t = Translator(await asyncio.to_thread(self.conversation.locale_for, update.effective_user.id,
                                               _language_hint(update)))
        try:
            await bot.send_message(chat_id, html.escape(t._(msgid, **params), quote=False), parse_mode=ParseMode.HTML)
        except TelegramError as exc:
            log.info("telegram: notice to %s not sent: %s", chat_id, exc)

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """One update, already in its chat's turn (`PerChatUpdateProcessor`): decide, store, deliver."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or user.is_bot:
            return
        query = update.callback_query
        if chat.type != "private":
            # A consultation is one person at a time; say so once when addressed (a command or a reply).
            if query is not None:
                await self._answer(query)
            if update.message is not None and (update.message.text or "").startswith("/"):
                await self._say(context.bot, chat.id, update, MSG_PRIVATE_ONLY)
            return
        # Per user, shared with every bot process through Redis (bot/core/ratelimit.py).
        verdict = await asyncio.to_thread(self.limiter.check, user.id)
        if verdict.action != "ok":
            if query is not None:
                await self._answer(query)
            if verdict.action == "notice":
                await self._say(context.bot, chat.id, update, MSG_LIMITED, minutes=verdict.minutes)
            return
        event = to_event(update, self.joiner.text_for(update))
        if event is None:
            return
        await asyncio.to_thread(self.conversation.handle, user.id, event, language_hint=_language_hint(update),
                                event_id=str(update.update_id), deliver_to=chat.id)
        if query is not None:
            await self._answer(query)
        # Sent in order with retries (429 retry_after, 5xx, timeouts) until acknowledged; a repeated update
        # finds its rows already sent and sends nothing.
        await self.delivery.deliver_chat(context.bot, chat.id)
        if query is not None:
            await self._close_keyboard(query, event)

    @staticmethod
    async def _answer(query) -> None:
        """Stop the button's spinner. A query older than ~15 s (any press before a restart) is refused
        with 400 "query is too old": nothing is lost, the reply goes out as a message anyway."""
        try:
            await query.answer()
        except TelegramError as exc:
            log.info("telegram: callback query not answered: %s", exc)

    async def _close_keyboard(self, query, event: Event) -> None:
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
        except TelegramError as exc:  # too old, unchanged, or the platform hiccuped: cosmetic only
            log.info("could not close keyboard: %s", exc)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Only failures of the service itself get here (sends are retried by `Delivery`, never raised)."""
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
                      limiter: UserLimiter | None = None) -> tuple[Application, TelegramAdapter]:
    adapter = TelegramAdapter(services, limiter=limiter)
    # Sends wait up to SEND_TIMEOUT for Telegram's answer: a slow answer is not a failure, and a send given up
    # too early is the one way a message can arrive twice (see bot.telegram.delivery).
    builder = (ApplicationBuilder().token(token).updater(None)
               .concurrent_updates(PerChatUpdateProcessor(joiner=adapter.joiner))
               .read_timeout(SEND_TIMEOUT).write_timeout(SEND_TIMEOUT).pool_timeout(SEND_TIMEOUT))
    if base_url:
        builder = builder.base_url(base_url).base_file_url(file_url_for(base_url))
    application = builder.build()
    application.add_handler(TypeHandler(Update, adapter.on_update))
    application.add_error_handler(adapter.on_error)
    return application, adapter
