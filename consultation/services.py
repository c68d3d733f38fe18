"""The per-process bundle every adapter is built on.

web/, bot/, the mail worker and the CLI each make one Services from the same
environment and then only call domain functions with its sessions, clock and
consultation; nothing else is shared between processes but the database.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import cached_property

from sqlalchemy.orm import Session

from .clock import Clock
from .config import Settings
from .db import make_engine, make_sessionmaker, upgrade
from .document import Consultation, get_consultation
from .window import WindowState, window_state


class Services:
    def __init__(self, settings: Settings | None = None, *, migrate: bool = True):
        self.settings = settings or Settings.from_env()
        self.clock = Clock(self.settings.consult_now)
        self.consultation: Consultation = get_consultation(self.settings.consultation_id)
        if migrate:
            upgrade(self.settings.database_url, self.settings.secret_key)

    @cached_property
    def engine(self):
        return make_engine(self.settings.database_url)

    @cached_property
    def sessionmaker(self):
        return make_sessionmaker(self.engine, info={"secret_key": self.settings.secret_key})

    @cached_property
    def keys(self):
        """Short-lived shared keys (sessions, throttles, nonces): Redis with REDIS_URL, else the database."""
        from .expiring import make_store

        return make_store(self.engine, self.settings.redis_url)

    @contextmanager
    def session(self):
        with self.sessionmaker() as session:
            yield session

    def now(self):
        return self.clock.now()

    def window(self, session: Session) -> WindowState:
        return window_state(session, self.consultation, self.clock.now())

    @property
    def office_mailbox(self) -> str:
        """Where each submission is forwarded: OFFICE_MAILBOX or the notice's mailbox."""
        return self.settings.office_mailbox or self.consultation.source.mailbox

    def receipt_url(self, reference: str, token: str) -> str:
        return f"{self.settings.base_url}/receipt/{reference}?token={token}"
