"""What goes into the core and what comes out: plain data, no platform types."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Event:
    """One thing the user did.

    kind: "command" (value without the slash: "start", "cancel", "back", ...),
          "choice" (value: the id of a Choice the core offered earlier),
          "text" (value: what the user typed; `parts` > 1 when the adapter joined a long paste that
                  the platform split into several messages),
          "media" (value: "photo", "sticker", "voice", "document", ...: something that is not text),
          "edited" (value: the new text of a message the user edited after sending it).
    """

    kind: str
    value: str
    parts: int = 1

    @classmethod
    def command(cls, name: str) -> "Event":
        return cls("command", name.lstrip("/").split("@", 1)[0].lower())

    @classmethod
    def choice(cls, choice_id: str) -> "Event":
        return cls("choice", choice_id)

    @classmethod
    def text(cls, text: str, parts: int = 1) -> "Event":
        return cls("text", text, parts)

    @classmethod
    def media(cls, kind: str) -> "Event":
        return cls("media", kind)

    @classmethod
    def edited(cls, text: str) -> "Event":
        return cls("edited", text)


@dataclass(frozen=True)
class Choice:
    id: str  # at most 64 bytes (Telegram callback_data); stable across restarts
    label: str


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass
class OutMessage:
    """Plain text (never markup: the adapter escapes it), the choices to offer, an optional link."""

    text: str
    choices: list[Choice] = field(default_factory=list)
    link: Link | None = None


@dataclass
class Reply:
    messages: list[OutMessage]
    locale: str
    step: str = "idle"
    # Set when this reply stored a submission (reference + receipt URL), for adapters and tests.
    receipt: dict | None = None
    # What the current step takes: "choice" (only the offered choices), "text" (free text, choices also
    # accepted) or "number" (a typed number is data, not the number of a choice).
    expects: str = "text"

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Reply":
        messages = [OutMessage(m["text"], [Choice(**c) for c in m.get("choices", [])],
                               Link(**m["link"]) if m.get("link") else None) for m in data["messages"]]
        return cls(messages, data["locale"], data.get("step", "idle"), data.get("receipt"),
                   data.get("expects", "text"))

    @property
    def text(self) -> str:
        return "\n\n".join(m.text for m in self.messages)

    @property
    def choices(self) -> list[Choice]:
        return [c for m in self.messages for c in m.choices]
