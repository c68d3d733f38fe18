"""Server-side sign-in sessions for the office.

The browser's cookie (Flask's signed session) carries only a random session id; the record
lives in the shared key store (the database, or Redis with REDIS_URL), so signing out, a
password change and 30 idle minutes end a session for real: a copied cookie stops working.
Nothing derived from the password hash is in the cookie. Ages run on the real clock.

Record key: `osess:<account id>:<sha256 of the id>` (the account prefix lets a password change
end all of an account's sessions at once). Value: JSON {"mfa", "created", "seen"}.
A pending sign-in between the password and the second factor has its own short record.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass

IDLE = 30 * 60  # seconds without a request before a session ends
ABSOLUTE = 8 * 3600  # no session outlives this, however active
TOUCH_EVERY = 60  # rewrite the record (extending its idle life) at most this often
PENDING = 5 * 60  # to type the second factor after the password
PENDING_TRIES = 3  # below the throttle's PAIR_LIMIT: a wrong code sends back to the password first


@dataclass
class Record:
    sid: str
    account_id: int
    mfa: bool
    created: float


def _key(account_id: int, token: str) -> str:
    return f"osess:{account_id}:{hashlib.sha256(token.encode()).hexdigest()[:40]}"


def _split(sid) -> tuple[int, str] | None:
    if not isinstance(sid, str) or "." not in sid:
        return None
    account, _, token = sid.partition(".")
    return (int(account), token) if account.isdigit() and len(account) < 12 and token else None


def start(keys, account_id: int, *, mfa: bool) -> str:
    """A new session for the account; returns its id (for the cookie)."""
    token = secrets.token_urlsafe(32)
    now = time.time()
    keys.put(_key(account_id, token), json.dumps({"mfa": mfa, "created": now, "seen": now}), IDLE)
    return f"{account_id}.{token}"


def load(keys, sid) -> Record | None:
    """The live record behind a cookie's session id, its idle life extended; None when ended."""
    parts = _split(sid)
    if parts is None:
        return None
    key = _key(*parts)
    raw = keys.get(key)
    if raw is None:
        return None
    data = json.loads(raw)
    now = time.time()
    if now - data["created"] > ABSOLUTE:
        keys.delete(key)
        return None
    if now - data["seen"] > TOUCH_EVERY:
        data["seen"] = now
        keys.put(key, json.dumps(data), IDLE)
    return Record(sid=sid, account_id=parts[0], mfa=bool(data["mfa"]), created=data["created"])


def end(keys, sid) -> None:
    parts = _split(sid)
    if parts is not None:
        keys.delete(_key(*parts))


def end_all(keys, account_id: int) -> None:
    """Every session of the account (password change, account disabled)."""
    keys.delete_prefix(f"osess:{account_id}:")


# ---------------------------------------------------------------- between password and second factor
def start_pending(keys, account_id: int, enrol_secret: str | None = None) -> str:
    token = secrets.token_urlsafe(32)
    keys.put(_pending_key(token), json.dumps({"account": account_id, "tries": 0, "enrol": enrol_secret}),
             PENDING)
    return token


def _pending_key(token: str) -> str:
    return "opend:" + hashlib.sha256(token.encode()).hexdigest()[:40]


def load_pending(keys, token) -> dict | None:
    if not isinstance(token, str) or not token:
        return None
    raw = keys.get(_pending_key(token))
    return json.loads(raw) if raw else None


def pending_failed(keys, token: str, pending: dict) -> bool:
    """Count a wrong code; False when the tries are used up (the pending sign-in is then ended)."""
    pending["tries"] += 1
    if pending["tries"] >= PENDING_TRIES:
        keys.delete(_pending_key(token))
        return False
    keys.put(_pending_key(token), json.dumps(pending), PENDING)
    return True


def end_pending(keys, token) -> None:
    if isinstance(token, str) and token:
        keys.delete(_pending_key(token))
