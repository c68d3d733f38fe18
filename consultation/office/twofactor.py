"""The second factor of a staff sign-in: TOTP (RFC 6238, pyotp) and one-time recovery codes.

Required for admins (China's graded protection, 等保, expects two factors for administrators),
optional for others. A code is accepted for the current 30-second step or one either side
(clock drift of a phone), and never twice: the last accepted step is stored, so a code seen
over a shoulder cannot be replayed. Steps come from the real clock, never CONSULT_NOW.

Recovery codes are 16 random base32 characters (80 bits) shown once; only their SHA-256 is
stored (with that much entropy a slow hash adds nothing), and each works once.

The TOTP secret itself must be readable to check a code, so it cannot be hashed: it is stored
sealed (AES-GCM, "v1:" + base64 of nonce and ciphertext) under a key derived with HKDF from the
app's SECRET_KEY, with the account id as associated data (a sealed secret copied onto another
account does not open). A copy of the database alone (a backup, an SQL injection) then yields no
second factor. The key reaches this module through the session: `Services.sessionmaker` puts the
SECRET_KEY in `session.info`; migration 0213 sealed the secrets stored before.
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import secrets
import time

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from consultation.clock import utcnow

from .models import RecoveryCode, StaffAccount

ISSUER = "Anhui AI consultation office"
DRIFT_STEPS = 1
RECOVERY_CODES = 10
SEALED = "v1:"


class NoSecretKey(RuntimeError):
    """The session was not made by Services.sessionmaker, so it carries no key to seal secrets with."""


class SecretUnreadable(RuntimeError):
    """The account's stored TOTP secret does not open with this SECRET_KEY: it was sealed under another
    (hosts sharing a database without sharing the key, or a key changed). No code can be checked until
    the account is enrolled again (`consult enrol-totp NAME`) on a host with the key in use; recovery
    codes, kept only as hashes, still work."""


@functools.lru_cache(maxsize=4)
def _aead(secret_key: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"anhui-consultation office totp secret v1").derive(secret_key.encode())
    return AESGCM(key)


def _aad(account_id: int) -> bytes:
    return f"office_accounts.totp_secret:{account_id}".encode()


def seal(secret_key: str, account_id: int, secret: str) -> str:
    """The stored form of a TOTP secret."""
    nonce = secrets.token_bytes(12)
    sealed = _aead(secret_key).encrypt(nonce, secret.encode(), _aad(account_id))
    return SEALED + base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(secret_key: str, account_id: int, stored: str) -> str:
    """The TOTP secret from its stored form; raises cryptography's InvalidTag on a wrong key or account."""
    if not stored.startswith(SEALED):
        raise ValueError("not a sealed TOTP secret")
    raw = base64.urlsafe_b64decode(stored[len(SEALED):])
    return _aead(secret_key).decrypt(raw[:12], raw[12:], _aad(account_id)).decode()


def _key(session: Session) -> str:
    key = session.info.get("secret_key")
    if not key:
        raise NoSecretKey("the session carries no secret key (make it with Services.sessionmaker)")
    return key


def secret_of(session: Session, account: StaffAccount) -> str | None:
    """The account's TOTP secret in clear, or None when it has not enrolled."""
    if account.totp_secret is None:
        return None
    try:
        return unseal(_key(session), account.id, account.totp_secret)
    except (InvalidTag, ValueError) as exc:  # ValueError: not sealed, or not base64
        raise SecretUnreadable(account.username) from exc


def new_secret() -> str:
    return pyotp.random_base32()


def enrolment_uri(account: StaffAccount, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads (usually as a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=account.username, issuer_name=ISSUER)


def _normalise(code) -> str:
    if not isinstance(code, str):
        return ""
    return "".join(ch for ch in code if ch.isascii() and ch.isalnum()).upper()


def matching_step(secret: str, code: str, after: int | None, now: float | None = None) -> int | None:
    """The time step whose TOTP equals `code`, if any is later than `after` and within the drift."""
    code = _normalise(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(dt.datetime.fromtimestamp(now if now is not None else time.time(), dt.timezone.utc))
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _digest(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def new_recovery_codes(session: Session, account: StaffAccount) -> list[str]:
    """Replace the account's recovery codes with fresh ones; returns them (shown once)."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(10)).decode()
        codes.append("-".join(raw[i:i + 4] for i in range(0, 16, 4)))
    session.add_all(RecoveryCode(account_id=account.id, code_hash=_digest(c)) for c in codes)
    session.flush()
    return codes


def enrol(session: Session, account: StaffAccount, secret: str | None = None) -> tuple[str, list[str]]:
    """Give the account a TOTP secret and recovery codes; returns (otpauth URI, codes)."""
    secret = secret or new_secret()
    session.flush()  # the account's id is the sealed secret's associated data
    account.totp_secret = seal(_key(session), account.id, secret)
    account.totp_last_step = None
    codes = new_recovery_codes(session, account)
    return enrolment_uri(account, secret), codes


def use_recovery_code(session: Session, account: StaffAccount, code: str) -> bool:
    """Spend one unused recovery code of the account; True when it was one."""
    if len(_normalise(code)) != 16:
        return False
    spent = session.execute(update(RecoveryCode).where(
        RecoveryCode.account_id == account.id, RecoveryCode.code_hash == _digest(code),
        RecoveryCode.used_at.is_(None)).values(used_at=utcnow())).rowcount
    return spent == 1


def verify(session: Session, account: StaffAccount, code: str) -> bool:
    """Check a TOTP code (recording its step) or spend a recovery code. Commits nothing. Raises
    SecretUnreadable when the TOTP secret does not open and the code is not a recovery code."""
    if account.totp_secret is None:
        return False
    try:
        secret = secret_of(session, account)
    except SecretUnreadable:
        if use_recovery_code(session, account, code):
            return True
        raise
    step = matching_step(secret, code, account.totp_last_step)
    if step is not None:
        # Only one request may use this step: the row changes only if no other took it first.
        taken = session.execute(update(StaffAccount).where(
            StaffAccount.id == account.id,
            (StaffAccount.totp_last_step.is_(None)) | (StaffAccount.totp_last_step < step)).values(
            totp_last_step=step)).rowcount
        return taken == 1
    return use_recovery_code(session, account, code)


def recovery_codes_left(session: Session, account: StaffAccount) -> int:
    return len(session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.account_id == account.id, RecoveryCode.used_at.is_(None))).all())
