"""Delivering a chat's stored replies until Telegram acknowledges them.

The core writes each reply message to `bot_outbox` in the transaction that
decides it (`Conversation.handle(..., deliver_to=chat_id)`); this module sends
a chat's rows one at a time, in order, and marks a row sent only once the Bot
API answered ok. What a failure means:

- 429 (`RetryAfter`): wait the `retry_after` Telegram asked for, then send again;
- 5xx, a lost connection, a timeout (`NetworkError`, `TimedOut`): back off
  (1 s, 2 s, 4 s … up to 5 minutes) and send again, for as long as it takes;
- 403 (`Forbidden`: the user blocked the bot) and 400 (`BadRequest`: the
  request itself is wrong, which retrying cannot fix): the row is `failed`,
  logged, and the chat's later rows go on.

A row is `sending` only while its request is on the wire, and goes back to
`pending` (with `next_attempt_at`) while it waits for a retry, so a process
killed while waiting sends it once on restart (`sweep`); a process killed
mid-request leaves it `sending`, and once the lease ends it is sent again: the
only case where a user may get a message twice (the Bot API has no idempotency
key, and a request that timed out may have been taken). The lease is short
(`LEASE`) and renewed every `RENEW_EVERY` while the request is out, so a slow
send keeps its claim while a killed process's claim ends within seconds: the
chat (whose later replies wait behind that row) is not silent for minutes after
a restart. The real clock decides every wait (never CONSULT_NOW).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import weakref

from sqlalchemy import and_, or_, select, update
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, RetryAfter, TelegramError

from bot.core.text import shorten
from bot.core.types import Choice, Link, OutMessage
from bot.models import BotOutbox
from consultation.clock import utcnow

log = logging.getLogger(__name__)

PLATFORM = "telegram"
# A claim lasts this long unless renewed; the sender renews it every RENEW_EVERY while its request is out (a
# send may wait up to the bot's 30 s timeouts), so only a dead process's claim runs out.
LEASE = dt.timedelta(seconds=15)
RENEW_EVERY = 5.0
MAX_BACKOFF = 300.0
BUTTON_WIDTH = 60  # characters shown on a button; longer labels get a row of their own and are cut at a word


def keyboard(choices) -> InlineKeyboardMarkup | None:
    if not choices:
        return None
    rows, pending = [], []
    for choice in choices:
        button = InlineKeyboardButton(shorten(choice.label, BUTTON_WIDTH), callback_data=choice.id)
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


def render(message: OutMessage) -> str:
    """HTML-escaped text: nothing the user typed can become markup."""
    text = html.escape(message.text, quote=False)
    if message.link is not None:
        text += f"\n\n{html.escape(message.link.label, quote=False)}: {html.escape(message.link.url, quote=False)}"
    return text


def out_message(data: dict) -> OutMessage:
    return OutMessage(data["text"], [Choice(**c) for c in data.get("choices") or []],
                      Link(**data["link"]) if data.get("link") else None)


async def send(bot, chat_id: int | str, message: OutMessage) -> None:
    await bot.send_message(int(chat_id), render(message), parse_mode=ParseMode.HTML,
                           reply_markup=keyboard(message.choices), disable_web_page_preview=True)


def _seconds(value) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


class Delivery:
    """Sends the outbox of each chat in order; one delivery loop per chat in this process."""

    def __init__(self, sessionmaker, *, platform: str = PLATFORM, sender=send):
        self.sessionmaker = sessionmaker
        self.platform = platform
        self.sender = sender
        # Alive only while a delivery of that chat runs or waits (weak values): one loop per chat.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    def _lock(self, chat_id: str) -> asyncio.Lock:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = self._locks[chat_id] = asyncio.Lock()
        return lock

    async def deliver_chat(self, bot, chat_id: int | str) -> None:
        """Send every row owed to `chat_id`, waiting out retries; returns when none is left to send."""
        chat_id = str(chat_id)
        async with self._lock(chat_id):
            while True:
                row = await asyncio.to_thread(self._next, chat_id)
                if row is None:
                    return
                row_id, message, due = row
                wait = (due - utcnow()).total_seconds()
                if wait > 0:
                    await asyncio.sleep(min(wait, MAX_BACKOFF))
                    continue
                attempt = await asyncio.to_thread(self._claim, row_id)
                if attempt is None:  # another process is sending it: its lease decides
                    await asyncio.sleep(1.0)
                    continue
                await self._attempt(bot, chat_id, row_id, attempt, message)

    async def _send_holding_claim(self, bot, chat_id: str, row_id: int, message: dict) -> None:
        renewer = asyncio.create_task(self._renew_while_sending(row_id))
        try:
            await self.sender(bot, chat_id, out_message(message))
        finally:
            renewer.cancel()

    async def _renew_while_sending(self, row_id: int) -> None:
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                await asyncio.to_thread(self._renew, row_id)
            except Exception:  # logged; at worst the row is sent again by another process
                log.warning("telegram: could not renew the claim on row %s", row_id, exc_info=True)

    async def _attempt(self, bot, chat_id: str, row_id: int, attempt: int, message: dict) -> None:
        try:
            await self._send_holding_claim(bot, chat_id, row_id, message)
        except RetryAfter as exc:
            delay = _seconds(exc.retry_after)
            log.info("telegram: chat %s row %s: flood control, retrying in %.0f s", chat_id, row_id, delay)
            await asyncio.to_thread(self._retry, row_id, delay, f"retry after {delay:.0f} s")
        except (Forbidden, InvalidToken, ChatMigrated, BadRequest) as exc:
            log.error("telegram: chat %s row %s refused for good: %s", chat_id, row_id, exc)
            await asyncio.to_thread(self._finish, row_id, "failed", str(exc))
        except TelegramError as exc:  # NetworkError (5xx, connection), TimedOut: the platform may come back
            delay = min(MAX_BACKOFF, 2.0 ** min(attempt - 1, 10))
            log.warning("telegram: chat %s row %s failed (%s), retrying in %.0f s", chat_id, row_id, exc, delay)
            await asyncio.to_thread(self._retry, row_id, delay, str(exc))
        else:
            await asyncio.to_thread(self._finish, row_id, "sent", None)

    async def sweep(self, bot) -> int:
        """Deliver what any chat is still owed (left by a crash, or by another process); returns chats served."""
        chats = await asyncio.to_thread(self._owed_chats)
        if chats:
            log.info("telegram: delivering replies still owed to %d chat(s)", len(chats))
            await asyncio.gather(*(self.deliver_chat(bot, chat) for chat in chats if chat not in self._locks))
        return len(chats)

    # ------------------------------------------------------------- database (worker threads)

    def _owed(self, now: dt.datetime):
        return and_(BotOutbox.platform == self.platform, or_(
            BotOutbox.status == "pending",
            and_(BotOutbox.status == "sending", BotOutbox.claimed_until < now)))

    def _next(self, chat_id: str):
        with self.sessionmaker() as session:
            row = session.execute(
                select(BotOutbox.id, BotOutbox.message, BotOutbox.next_attempt_at, BotOutbox.status)
                .where(BotOutbox.platform == self.platform, BotOutbox.chat_id == chat_id,
                       BotOutbox.status.in_(("pending", "sending")))
                .order_by(BotOutbox.id).limit(1)).first()
        if row is None:
            return None
        due = row.next_attempt_at
        if row.status == "sending":  # someone's request is out (or was, before a crash): wait for the lease
            with self.sessionmaker() as session:
                due = session.scalar(select(BotOutbox.claimed_until).where(BotOutbox.id == row.id)) or utcnow()
        return row.id, row.message, due

    def _claim(self, row_id: int) -> int | None:
        now = utcnow()
        with self.sessionmaker() as session:
            won = session.execute(update(BotOutbox).where(BotOutbox.id == row_id, self._owed(now)).values(
                status="sending", claimed_until=now + LEASE, attempts=BotOutbox.attempts + 1)).rowcount == 1
            session.commit()
            if not won:
                return None
            return session.scalar(select(BotOutbox.attempts).where(BotOutbox.id == row_id))

    def _renew(self, row_id: int) -> None:
        with self.sessionmaker() as session:
            session.execute(update(BotOutbox).where(BotOutbox.id == row_id, BotOutbox.status == "sending")
                            .values(claimed_until=utcnow() + LEASE))
            session.commit()

    def _retry(self, row_id: int, delay: float, error: str) -> None:
        with self.sessionmaker() as session:
            session.execute(update(BotOutbox).where(BotOutbox.id == row_id, BotOutbox.status == "sending").values(
                status="pending", claimed_until=None, last_error=error[:500],
                next_attempt_at=utcnow() + dt.timedelta(seconds=delay)))
            session.commit()

    def _finish(self, row_id: int, status: str, error: str | None) -> None:
        values = {"status": status, "claimed_until": None, "last_error": error and error[:500]}
        if status == "sent":
            values["sent_at"] = utcnow()
        with self.sessionmaker() as session:
            session.execute(update(BotOutbox).where(BotOutbox.id == row_id).values(**values))
            session.commit()

    def _owed_chats(self) -> list[str]:
        with self.sessionmaker() as session:
            return list(session.scalars(select(BotOutbox.chat_id).where(self._owed(utcnow())).distinct()))
