"""Settings from the environment, read in one place.

Every process (web, bot, mail worker) builds the same Settings, so they agree
on the database, the clock and the secret without sharing memory.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def instance_dir() -> Path:
    path = Path(os.environ.get("CONSULT_INSTANCE", "instance")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _secret_key(instance: Path) -> str:
    """SECRET_KEY, or one generated on first run and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass
class Settings:
    instance: Path
    database_url: str
    secret_key: str
    consult_now: str | None = None
    consultation_id: str | None = None
    base_url: str = "http://127.0.0.1:8000"
    public_counts: bool = True
    office_mailbox: str | None = None  # None: the mailbox printed in the consultation's notice
    redis_url: str | None = None  # sign-in sessions, login throttles and WeChat nonces; None: the database
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        instance = Path(overrides.pop("instance", None) or instance_dir())
        instance.mkdir(parents=True, exist_ok=True)
        values = dict(
            instance=instance,
            database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'consult.db'}",
            secret_key=_secret_key(instance),
            consult_now=os.environ.get("CONSULT_NOW") or None,
            consultation_id=os.environ.get("CONSULTATION_ID") or None,
            base_url=os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            public_counts=_bool(os.environ.get("PUBLIC_COUNTS"), True),
            office_mailbox=os.environ.get("OFFICE_MAILBOX") or None,
            redis_url=os.environ.get("REDIS_URL") or None,
        )
        values.update(overrides)
        return cls(**values)
