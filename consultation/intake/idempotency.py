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
                    "for a new request; nothing was stored.")


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


def _numbers(value):
    """The body with every whole float as the int it equals: 6, 6.0 and 6e0 are one JSON number, and the
    payload takes them as one (attack round 11, F5), so a retry spelling it otherwise is the same body
    (attack round 11 re-test, N9). Strings are left alone: "6" is another body, though validation may
    read it as 6."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def body_hash(payload) -> str:
    """SHA-256 of the body in canonical JSON (keys sorted, whole numbers as integers), so key order,
    spacing, escapes and the spelling of a number do not matter.

    The JSON as sent, not the validated submission: a retry over the rate limit is answered from its key
    before any validation (submissions.submit, `replay_only`), and what validation makes of a body depends
    on the consultation's rules, which a redeploy within the key's 24 hours may change; the JSON's own
    equivalences (numbers, key order, escapes) hold whatever the rules."""
    canonical = json.dumps(_numbers(payload), sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def expired(stored_at: dt.datetime | None, now: dt.datetime) -> bool:
    return stored_at is None or now - stored_at >= TTL
