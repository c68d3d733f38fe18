"""Staff accounts: argon2 password hashes, lockout with backoff, revocable API tokens.

Roles: viewer (reads comments, never personal data), editor (+ decides, regroups),
admin (+ accounts, window, publication, personal data).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation.i18n import N_

from . import audit
from .models import ROLES, ApiToken, StaffAccount

_hasher = PasswordHasher()
LOCK_AFTER = 5  # failures before the first lock
BASE_LOCK = dt.timedelta(minutes=1)
MAX_LOCK = dt.timedelta(hours=1)
ROLE_RANK = {r: i for i, r in enumerate(ROLES)}
ROLE_LABELS = {"viewer": N_("Viewer"), "editor": N_("Editor"), "admin": N_("Administrator")}


class AccountError(Exception):
    pass


class LockedOut(AccountError):
    def __init__(self, until: dt.datetime):
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


def has_role(account: StaffAccount, minimum: str) -> bool:
    return account.active and ROLE_RANK[account.role] >= ROLE_RANK[minimum]


def can_see_personal_data(account: StaffAccount) -> bool:
    return has_role(account, "admin")


def create_account(session: Session, username: str, password: str, role: str, *, actor: str) -> StaffAccount:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}")
    if len(password) < 10:
        raise AccountError("password must have at least 10 characters")
    if session.scalar(select(StaffAccount).where(StaffAccount.username == username)):
        raise AccountError(f"account {username!r} exists")
    account = StaffAccount(username=username, password_hash=_hasher.hash(password), role=role, active=True,
                           failed_logins=0)
    session.add(account)
    session.flush()
    audit.record(session, actor, "account.create", username, None, {"role": role})
    return account


def set_role(session: Session, account: StaffAccount, role: str, *, actor: str) -> None:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}")
    audit.record(session, actor, "account.role", account.username, {"role": account.role}, {"role": role})
    account.role = role


def set_active(session: Session, account: StaffAccount, active: bool, *, actor: str) -> None:
    audit.record(session, actor, "account.active", account.username, {"active": account.active}, {"active": active})
    account.active = active


def set_password(session: Session, account: StaffAccount, password: str, *, actor: str) -> None:
    if len(password) < 10:
        raise AccountError("password must have at least 10 characters")
    account.password_hash = _hasher.hash(password)
    account.failed_logins = 0
    account.locked_until = None
    audit.record(session, actor, "account.password", account.username)


def lock_duration(failures: int) -> dt.timedelta:
    """Backoff: 1 min after 5 failures, doubling with each further failure, at most 1 h."""
    if failures < LOCK_AFTER:
        return dt.timedelta(0)
    return min(BASE_LOCK * (2 ** (failures - LOCK_AFTER)), MAX_LOCK)


def authenticate(session: Session, username: str, password: str, now: dt.datetime) -> StaffAccount | None:
    """The account if the password is right; raises LockedOut while locked. Commits nothing."""
    account = session.scalar(select(StaffAccount).where(StaffAccount.username == username))
    if account is None or not account.active:
        _hasher.hash(password)  # same cost whether or not the name exists
        return None
    if account.locked_until is not None and account.locked_until > now:
        raise LockedOut(account.locked_until)
    try:
        _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        account.failed_logins += 1
        wait = lock_duration(account.failed_logins)
        if wait:
            account.locked_until = now + wait
            audit.record(session, username, "account.locked", username, None,
                         {"failed_logins": account.failed_logins, "until": account.locked_until.isoformat()})
        return None
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = now
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    audit.record(session, username, "account.login", username)
    return account


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(session: Session, account: StaffAccount, label: str = "", *, actor: str) -> str:
    """A new bearer token; only its hash is stored, the secret is returned once."""
    secret = "ofc_" + secrets.token_urlsafe(32)
    token = ApiToken(account_id=account.id, token_hash=_digest(secret), label=label)
    session.add(token)
    session.flush()
    audit.record(session, actor, "token.issue", account.username, None, {"token_id": token.id, "label": label})
    return secret


def revoke_token(session: Session, token_id: int, now: dt.datetime, *, actor: str) -> None:
    token = session.get(ApiToken, token_id)
    if token is None or token.revoked_at is not None:
        return
    token.revoked_at = now
    audit.record(session, actor, "token.revoke", str(token_id), None, {"revoked_at": now.isoformat()})


def account_for_token(session: Session, secret: str) -> StaffAccount | None:
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(secret),
                                                  ApiToken.revoked_at.is_(None)))
    if token is None:
        return None
    account = session.get(StaffAccount, token.account_id)
    return account if account is not None and account.active else None


def list_accounts(session: Session) -> list[StaffAccount]:
    return list(session.scalars(select(StaffAccount).order_by(StaffAccount.username)))


def tokens_of(session: Session, account_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.account_id == account_id).order_by(ApiToken.id)))
