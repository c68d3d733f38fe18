"""Mail settings from the environment, read in one place.

SMTP_HOST         the relay; unset: messages are written as .eml files into instance/outbox/
SMTP_PORT         default 25 (none), 587 (starttls), 465 (tls)
SMTP_USER, SMTP_PASSWORD   optional login
SMTP_SECURITY     none | starttls | tls   (default starttls when a user is set, else none)
SMTP_TIMEOUT      seconds per SMTP command (default 30)
MAIL_FROM         the From address (default consultation@localhost)
MAIL_MAX_ATTEMPTS attempts before a message is marked failed (default 8)
MAIL_BACKOFF      first retry delay in seconds, doubled each attempt (default 60, capped at 6 h)
MAIL_LEASE        seconds a claimed message stays reserved to one worker (default 600)
MAIL_ON_UNCERTAIN hold | resend: a message the server may or may not have received (default hold)
MAIL_POLL         seconds between polls of `consult worker` (default 5)
MAIL_RECEIPTS_PER_DAY        receipts sent to one address per 24 hours; the rest are skipped (default 5)
MAIL_OFFICE_COPIES_PER_HOUR  mails to the office (new submissions' copies, change and withdrawal notices) sent one
                             by one per hour; the rest go in an hourly digest (default 30)
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SECURITY_MODES = ("none", "starttls", "tls")
UNCERTAIN_POLICIES = ("hold", "resend")


class MailConfigError(ValueError):
    pass


@dataclass(frozen=True)
class MailSettings:
    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = None
    security: str = "none"
    timeout: float = 30.0
    mail_from: str = "consultation@localhost"
    max_attempts: int = 8
    backoff: float = 60.0
    backoff_cap: float = 6 * 3600.0
    lease: float = 600.0
    poll: float = 5.0
    receipts_per_day: int = 5
    office_copies_per_hour: int = 30
    eml_dir: Path | None = None  # used when host is None
    on_uncertain: str = "hold"  # hold: marked failed for a person to decide; resend: sent again (at least once)
    validate_certs: bool = True

    @property
    def uses_smtp(self) -> bool:
        return bool(self.host)

    @property
    def effective_port(self) -> int:
        if self.port:
            return self.port
        return {"tls": 465, "starttls": 587}.get(self.security, 25)

    @property
    def resends_uncertain(self) -> bool:
        return self.on_uncertain == "resend"

    @classmethod
    def from_env(cls, instance: Path, env=None, **overrides) -> "MailSettings":
        env = os.environ if env is None else env
        user = env.get("SMTP_USER") or None
        security = (env.get("SMTP_SECURITY") or ("starttls" if user else "none")).strip().lower()
        if security not in SECURITY_MODES:
            raise MailConfigError(f"SMTP_SECURITY must be one of {', '.join(SECURITY_MODES)}, not {security!r}")
        try:
            values = dict(
                host=env.get("SMTP_HOST") or None,
                port=int(env["SMTP_PORT"]) if env.get("SMTP_PORT") else None,
                user=user,
                password=env.get("SMTP_PASSWORD") or None,
                security=security,
                timeout=float(env.get("SMTP_TIMEOUT") or 30),
                mail_from=env.get("MAIL_FROM") or "consultation@localhost",
                max_attempts=int(env.get("MAIL_MAX_ATTEMPTS") or 8),
                backoff=float(env.get("MAIL_BACKOFF") or 60),
                lease=float(env.get("MAIL_LEASE") or 600),
                poll=float(env.get("MAIL_POLL") or 5),
                receipts_per_day=int(env.get("MAIL_RECEIPTS_PER_DAY") or 5),
                office_copies_per_hour=int(env.get("MAIL_OFFICE_COPIES_PER_HOUR") or 30),
                eml_dir=Path(instance) / "outbox",
                on_uncertain=_uncertain_policy(env.get("MAIL_ON_UNCERTAIN")),
            )
        except ValueError as exc:
            raise MailConfigError(f"bad mail setting: {exc}") from exc
        values.update(overrides)
        settings = cls(**values)
        if settings.receipts_per_day < 1 or settings.office_copies_per_hour < 1:
            raise MailConfigError("MAIL_RECEIPTS_PER_DAY and MAIL_OFFICE_COPIES_PER_HOUR must be at least 1")
        if settings.lease <= 4 * settings.timeout:
            raise MailConfigError("MAIL_LEASE must be well above SMTP_TIMEOUT (a send takes a few commands)")
        return settings


def _uncertain_policy(value: str | None) -> str:
    """MAIL_ON_UNCERTAIN; anything but "resend" keeps the safe default, hold (never a message sent twice
    because of a typing mistake in the setting)."""
    policy = (value or "hold").strip().lower()
    return policy if policy in UNCERTAIN_POLICIES else "hold"
