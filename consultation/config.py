"""Settings from the environment, read in one place.

Every process (web, bot, mail worker) builds the same Settings, so they agree
on the database, the clock and the secret without sharing memory.

Reading the settings writes nothing: the instance folder (CONSULT_INSTANCE, default ./instance in the
working directory) is created by the first code that writes there (`make_instance`), so a read-only
command such as `consult ask` leaves no folder behind, and the folder's creation is logged with its full
path, so a command run from the wrong directory does not silently start a second, empty instance.
"""
from __future__ import annotations

import logging
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

log = logging.getLogger(__name__)


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def instance_dir() -> Path:
    """The instance folder's absolute path (CONSULT_INSTANCE, else ./instance); not created here."""
    return Path(os.environ.get("CONSULT_INSTANCE", "instance")).resolve()


def make_instance(path: Path) -> Path:
    """Create the instance folder (or a folder inside it) before the first write there; says so when it is new."""
    path = Path(path)
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        unset = not os.environ.get("CONSULT_INSTANCE")
        log.warning("created the instance folder %s%s", path,
                    " (CONSULT_INSTANCE is unset: ./instance in the working directory)" if unset else "")
    return path


def instance_secret(instance: Path) -> str:
    """The key kept in instance/secret_key, generated on first use.

    Two processes starting together on a new instance (`consult serve` beside `consult worker`) must agree
    on one key: each writes its candidate to a private temporary file (mode 0600, O_EXCL) and links it into
    place; link(2) refuses an existing name, so exactly one candidate wins and every process reads the
    winner, complete, never a half-written file."""
    path = instance / "secret_key"
    if not path.exists():
        make_instance(instance)
        fd, candidate = tempfile.mkstemp(prefix=".secret_key.", dir=instance)  # O_CREAT|O_EXCL, 0600
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(candidate, path)
            except FileExistsError:
                pass  # another process won: its key is the key
        finally:
            os.unlink(candidate)
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it (a new key is generated) or set SECRET_KEY")
    return key


@dataclass
class Settings:
    instance: Path
    database_url: str
    secret: str | None = None  # SECRET_KEY; None: the instance's key, read (or generated) on first use
    consult_now: str | None = None
    consultation_id: str | None = None
    base_url: str = "http://127.0.0.1:8000"
    public_counts: bool = True
    office_mailbox: str | None = None  # None: the mailbox printed in the consultation's notice
    redis_url: str | None = None  # sign-in sessions, login throttles and WeChat nonces; None: the database
    second_factor_limit: str | None = None  # wrong second-factor codes per account; None: throttle's default
    extra: dict = field(default_factory=dict)

    @cached_property
    def secret_key(self) -> str:
        """SECRET_KEY, or the one kept in the instance folder (read lazily: asking a question needs none)."""
        return self.secret or instance_secret(self.instance)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        instance = Path(overrides.pop("instance", None) or instance_dir())
        if "secret_key" in overrides:
            overrides["secret"] = overrides.pop("secret_key")
        values = dict(
            instance=instance,
            database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'consult.db'}",
            secret=os.environ.get("SECRET_KEY") or None,
            consult_now=os.environ.get("CONSULT_NOW") or None,
            consultation_id=os.environ.get("CONSULTATION_ID") or None,
            base_url=os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            public_counts=_bool(os.environ.get("PUBLIC_COUNTS"), True),
            office_mailbox=os.environ.get("OFFICE_MAILBOX") or None,
            redis_url=os.environ.get("REDIS_URL") or None,
            second_factor_limit=os.environ.get("SECOND_FACTOR_LIMIT") or None,
        )
        values.update(overrides)
        return cls(**values)
