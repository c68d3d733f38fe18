"""The per-event context every flow function receives."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from consultation.services import Services

from .text import Translator, split_text
from .types import Choice, Link, OutMessage

MAX_HISTORY = 30


@dataclass
class Ctx:
    services: Services
    session: Session
    t: Translator
    platform: str
    user_id: str
    state: dict
    draft: dict
    max_length: int
    # A platform where each message costs (WeChat's customer-service quota): long user texts are summarised.
    compact: bool = False
    out: list[OutMessage] = field(default_factory=list)
    receipt: dict | None = None
    locale_choice: str | None = None  # set by the language flow
    # RATE_LIMIT_CONTACT, counted when a submission is stored (consultation/intake/contacts.py); None: off
    contact_limit: object = None
    _window: object = None

    @property
    def consultation(self):
        return self.services.consultation

    @property
    def account(self) -> str:
        return f"{self.platform}:{self.user_id}"

    @property
    def step(self) -> str:
        return self.state.get("step", "idle")

    def window(self):
        """The window state, asked once per event (one rule for every channel: services.window)."""
        if self._window is None:
            self._window = self.services.window(self.session)
        return self._window

    def say(self, text: str, choices: list[Choice] | tuple = (), link: Link | None = None) -> None:
        """Queue a message; long text is split and the choices/link go with the last piece."""
        pieces = split_text(text, self.max_length)
        for piece in pieces[:-1]:
            self.out.append(OutMessage(piece))
        self.out.append(OutMessage(pieces[-1], list(choices), link))

    def goto(self, step: str, *, push: bool = True) -> None:
        """Move to `step`, remembering where we were for /back."""
        current = self.step
        if push and current != step and current != "idle":
            hist = self.state.setdefault("hist", [])
            hist.append(current)
            del hist[:-MAX_HISTORY]
        self.state["step"] = step

    def back(self) -> str | None:
        hist = self.state.get("hist") or []
        if not hist:
            return None
        step = hist.pop()
        self.state["step"] = step
        return step

    def reset(self) -> None:
        self.state.clear()
        self.state["step"] = "idle"
