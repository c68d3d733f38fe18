"""How updates are scheduled: chats in parallel, each chat in order, long pastes joined.

`PerChatUpdateProcessor` is python-telegram-bot's extension point for concurrency
(`ApplicationBuilder().concurrent_updates(processor)`): PTB's own
`SimpleUpdateProcessor` runs every update at once, so two messages of one chat
could be answered out of order; ours runs the updates of different chats
concurrently (one user's slow send never delays another user) and those of one
chat one after the other, in the order they arrived.

`LongInputJoiner`: Telegram clients split a text longer than 4,096 characters
into several messages, delivered as consecutive updates. A text message of
`threshold` (4,000) characters or more is the only kind that can be the first
part of such a split, so only such a message is held for `hold` seconds (renewed
by each further part); the chat's text messages arriving meanwhile are joined to
it and the whole is handled as one event. Shorter messages are handled at once.
An absorbed update stays in flight until the joined one was handled, so a crash
during the hold loses nothing (Telegram delivers both again).
"""
from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import BaseUpdateProcessor

THRESHOLD = 4000
HOLD = 1.0


def _chat_id(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None


def plain_text(update: object) -> str | None:
    """The text of a new (not edited) text message that is not a command, else None."""
    if not isinstance(update, Update) or update.message is None:
        return None
    text = update.message.text
    if not text or text.startswith("/"):
        return None
    return text


@dataclass
class _Held:
    parts: list[str]
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    done: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class LongInputJoiner:
    def __init__(self, threshold: int = THRESHOLD, hold: float = HOLD):
        self.threshold, self.hold = threshold, hold
        self._held: dict[int, _Held] = {}  # chat id → the long message being held
        self._joined: dict[int, tuple[str, int]] = {}  # update_id → (joined text, number of parts)
        self._owner: dict[int, _Held] = {}  # update_id of the first part → its hold

    async def admit(self, update: object) -> bool:
        """Wait as the rules above say; False when the update was joined into an earlier one."""
        chat = _chat_id(update)
        if chat is None:
            return True
        text = plain_text(update)
        held = self._held.get(chat)
        if held is not None:
            if text is not None:
                held.parts.append(text)
                held.arrived.set()
                await asyncio.shield(held.done)
                return False
            await asyncio.shield(held.done)  # a press or command typed after the paste comes after it
            return True
        if text is None or len(text) < self.threshold:
            return True
        held = self._held[chat] = _Held([text])
        self._owner[update.update_id] = held
        while True:
            held.arrived.clear()
            try:
                await asyncio.wait_for(held.arrived.wait(), self.hold)
            except TimeoutError:
                break
        del self._held[chat]
        self._joined[update.update_id] = ("".join(held.parts), len(held.parts))
        return True

    def text_for(self, update: Update) -> tuple[str, int] | None:
        """(joined text, parts) for the first part of a held paste; None for any other update."""
        return self._joined.get(update.update_id)

    def finished(self, update: object) -> None:
        """The update was handled: release the parts joined into it."""
        update_id = getattr(update, "update_id", None)
        self._joined.pop(update_id, None)
        held = self._owner.pop(update_id, None)
        if held is not None and not held.done.done():
            held.done.set_result(None)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 256, joiner: LongInputJoiner | None = None):
        super().__init__(max_concurrent_updates)
        self.joiner = joiner or LongInputJoiner()
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def do_process_update(self, update: object, coroutine) -> None:
        chat = _chat_id(update)
        if chat is None:
            await coroutine
            return
        try:
            if not await self.joiner.admit(update):
                coroutine.close()  # joined into the update handled before it
                return
            lock = self._locks.get(chat)
            if lock is None:
                lock = self._locks[chat] = asyncio.Lock()
            async with lock:
                await coroutine
        finally:
            self.joiner.finished(update)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
