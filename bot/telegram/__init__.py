"""Telegram adapter: Bot API updates in, core replies out (python-telegram-bot v22).

Every update goes through `bot.core.Conversation`, which stores the state in the
database before the reply is sent; PTB's own persistence and ConversationHandler
are deliberately not used (they flush on an interval and load states once).
Updates are confirmed to Telegram only after they are handled (our own polling
loop; our webhook answers 200 only after handling), so a killed bot gets the
unhandled updates again and the core's event-id check answers repeats once.
"""
from .adapter import TelegramAdapter, build_application
from .runner import run_polling, run_webhook

__all__ = ["TelegramAdapter", "build_application", "run_polling", "run_webhook"]
