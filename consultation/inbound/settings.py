"""IMAP settings of the mailbox intake, read from the environment in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass

SECURITIES = ("tls", "starttls", "none")


@dataclass(frozen=True)
class ImapSettings:
    host: str | None
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    security: str = "tls"
    timeout: float = 30.0
    poll: float = 60.0

    @property
    def configured(self) -> bool:
        return bool(self.host and self.user)

    @property
    def mailbox(self) -> str:
        """The name the items record their UIDs under: one account's one folder."""
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"

    @classmethod
    def from_env(cls, **overrides) -> "ImapSettings":
        security = (os.environ.get("IMAP_SECURITY") or "tls").strip().lower()
        if security not in SECURITIES:
            raise ValueError(f"IMAP_SECURITY must be one of {', '.join(SECURITIES)}, not {security!r}")
        default_port = 993 if security == "tls" else 143
        values = dict(host=os.environ.get("IMAP_HOST") or None,
                      port=int(os.environ.get("IMAP_PORT") or default_port),
                      user=os.environ.get("IMAP_USER", ""), password=os.environ.get("IMAP_PASSWORD", ""),
                      folder=os.environ.get("IMAP_FOLDER") or "INBOX", security=security,
                      timeout=float(os.environ.get("IMAP_TIMEOUT") or 30),
                      poll=float(os.environ.get("IMAP_POLL") or 60))
        values.update(overrides)
        return cls(**values)
