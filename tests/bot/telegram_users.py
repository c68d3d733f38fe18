"""The people in private chats with the bot, as the Bot API emulator's tests drive them: they type, tap
commands and press the buttons they can see, and wait until the bot has handled it."""
from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .emulator import BotApiEmulator


class SimUser:
    """A person in a private chat with the bot: types, taps commands, presses buttons."""

    _ids = itertools.count(1)

    def __init__(self, api: BotApiEmulator, user_id: int, language_code: str | None, first_name: str):
        self.api, self.id, self.language_code, self.first_name = api, user_id, language_code, first_name

    @property
    def _from(self) -> dict:
        data = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    def message_update(self, text: str) -> dict:
        message = {"message_id": 100000 + next(self._ids), "date": int(time.time()),
                   "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
                   "from": self._from, "text": text}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"message": message}

    def callback_update(self, message: dict, data: str) -> dict:
        return {"callback_query": {"id": str(next(self._ids)), "from": self._from, "message": message,
                                   "chat_instance": f"ci{self.id}", "data": data}}

    def send(self, text: str) -> int:
        return self.api.push(self.message_update(text))

    def _button(self, choice_id: str) -> tuple[dict, str] | None:
        for record in reversed(self.api.messages_to(self.id)):
            for row in record["message"].get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    data = button.get("callback_data") or ""
                    if data == choice_id or choice_id.endswith(":") and data.startswith(choice_id):
                        return record["message"], data
        return None

    def find_button(self, choice_id: str, timeout: float = 20.0) -> tuple[dict, str]:
        """The latest message from the bot that shows this button (a person can press only what they see), and
        the button's data. An id ending in ":" names a family: its latest button ("sum:send:" is "Confirm and
        send", whose id carries the digest of the summary above it). A handled update's replies leave through
        the bot's reply outbox, a moment after the update is confirmed (longer on a loaded machine): the person
        waits until the button shows, as anyone does before pressing it."""
        try:
            return self.api.wait_for(lambda: self._button(choice_id), timeout=timeout)
        except TimeoutError:
            raise AssertionError(f"no button {choice_id!r} in the chat; last: "
                                 f"{[r['message']['text'][:80] for r in self.api.messages_to(self.id)[-3:]]}"
                                 ) from None

    def press_async(self, choice_id: str) -> int:
        message, data = self.find_button(choice_id)
        return self.api.push(self.callback_update(message, data))

    def _exchange(self, update_id: int, before: int) -> list[dict]:
        self.api.wait_confirmed(update_id)
        return [r["message"] for r in self.api.messages_to(self.id)[before:]]

    def say(self, text: str) -> list[dict]:
        """Send text; return the bot's new messages once it has handled it."""
        before = len(self.api.messages_to(self.id))
        return self._exchange(self.send(text), before)

    def press(self, choice_id: str) -> list[dict]:
        before = len(self.api.messages_to(self.id))
        return self._exchange(self.press_async(choice_id), before)

    def texts(self) -> list[str]:
        return [r["message"]["text"] for r in self.api.messages_to(self.id)]


def choice_ids(messages: list[dict]) -> list[str]:
    return [b["callback_data"] for m in messages for row in m.get("reply_markup", {}).get("inline_keyboard", [])
            for b in row if "callback_data" in b]


def joined(messages: list[dict]) -> str:
    return "\n".join(m["text"] for m in messages)
