"""Named conversation states and declared button identifiers.

A `State` keeps one step's prompt and its input handling together, as
python-telegram-bot's `ConversationHandler` names its states: to read the step
"comment.reason", read its `State` and nothing else. States register themselves
in `REGISTRY` under their full name.

Buttons are declared, never parsed by slicing at the point of use: a `Button`
is one fixed id ("more:go"), a `ButtonFamily` a prefix with one value
("k:" + a comment kind). Ids are stable strings of at most 64 bytes (Telegram's
callback_data), valid across restarts.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .types import Choice, Event


@dataclass(frozen=True)
class Button:
    id: str

    def choice(self, label: str) -> Choice:
        return Choice(self.id, label)

    def pressed(self, event: Event) -> bool:
        return event.kind == "choice" and event.value == self.id


@dataclass(frozen=True)
class ButtonFamily:
    prefix: str

    def id(self, value: str | int) -> str:
        return f"{self.prefix}{value}"

    def choice(self, value: str | int, label: str) -> Choice:
        return Choice(self.id(value), label)

    def value(self, event: Event) -> str | None:
        """The value of a pressed button of this family, or None when the event is something else."""
        if event.kind == "choice" and event.value.startswith(self.prefix) and len(event.value) > len(self.prefix):
            return event.value[len(self.prefix):]
        return None

    def number(self, event: Event) -> int | None:
        value = self.value(event)
        return int(value) if value is not None and value.isdigit() else None


@dataclass(frozen=True)
class State:
    """One step: what to ask (`prompt`), what to do with an answer (`handle`, True when it was understood)
    and what kind of answer it takes ("choice", "text" or "number": a typed number is data)."""

    name: str
    prompt: Callable
    handle: Callable[..., bool]
    expects: str = "text"


REGISTRY: dict[str, State] = {}


def register(*states: State) -> None:
    for state in states:
        if state.name in REGISTRY:
            raise ValueError(f"state {state.name} declared twice")
        REGISTRY[state.name] = state
