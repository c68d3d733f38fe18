"""Idempotency keys, as the best public APIs treat them.

A key names one request: it is bound to a hash of the request's body, so a
retry with the same body gets the stored answer, while the same key with any
other body is refused (422) instead of handing back someone else's receipt.
Keys are short printable ASCII (anything else is a 400 and is never stored: a
server such as Granian turns a non-ASCII header value into '') and expire after
24 hours on the real clock, whatever CONSULT_NOW says.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

from ..i18n import N_

MAX_LENGTH = 100
KEY = re.compile(r"[A-Za-z0-9._~:+/=-]{1,%d}" % MAX_LENGTH)
TTL = dt.timedelta(hours=24)

MSG_KEY_REFUSED = N_("The Idempotency-Key header must be 1 to %(max)d characters: ASCII letters, digits "
                     "and . _ ~ : + / = - only.")
MSG_KEY_REUSED = N_("This Idempotency-Key was already used with a different request body. Use a new key "
                    "for a new submission; nothing was stored.")


class KeyRefused(ValueError):
    """The key is empty, too long or outside the allowed characters."""

    message = MSG_KEY_REFUSED
    params = {"max": MAX_LENGTH}


class KeyReused(Exception):
    """The key was used, within its lifetime, for a request with another body."""

    message = MSG_KEY_REUSED
    params: dict = {}


def check_key(value: str | None) -> str | None:
    """The key as given, None when none was sent; KeyRefused when one was sent but is not acceptable."""
    if value is None:
        return None
    if not isinstance(value, str) or not KEY.fullmatch(value):
        raise KeyRefused()
    return value


def body_hash(payload) -> str:
    """SHA-256 of the body in canonical JSON (keys sorted), so key order and spacing do not matter."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def expired(stored_at: dt.datetime | None, now: dt.datetime) -> bool:
    return stored_at is None or now - stored_at >= TTL
