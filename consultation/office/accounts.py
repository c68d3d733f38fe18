"""Staff accounts: argon2 password hashes, throttled sign-in, second factor, revocable API tokens.

Roles: viewer (reads comments, never personal data), editor (+ decides, regroups),
admin (+ accounts, window, publication, personal data). Admins need a second factor
(twofactor.py); the password rules are in passwords.py, the sign-in throttle in throttle.py.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation.clock import utcnow
from consultation.db import write_lock
from consultation.i18n import N_, Refusal

from . import audit, passwords, throttle, twofactor
from .models import ROLES, ApiToken, StaffAccount

ROLE_RANK = {r: i for i, r in enumerate(ROLES)}
ROLE_LABELS = {"viewer": N_("Viewer"), "editor": N_("Editor"), "admin": N_("Administrator")}
MAX_NAME = 100


class AccountError(Refusal):
    """Refused: `message` is a msgid for the adapter to translate with `params`."""


class LockedOut(AccountError):
    def __init__(self, retry_after: int):
        super().__init__(N_("Too many failed attempts. Try again in %(minutes)d minutes."),
                         minutes=max(1, -(-retry_after // 60)))
        self.retry_after = retry_after


def has_role(account: StaffAccount, minimum: str) -> bool:
    return account.active and ROLE_RANK[account.role] >= ROLE_RANK[minimum]


def can_see_personal_data(account: StaffAccount) -> bool:
    return has_role(account, "admin")


def needs_second_factor(account: StaffAccount) -> bool:
    """Admins always; others once they have enrolled."""
    return account.role == "admin" or account.totp_secret is not None


def must_enrol(account: StaffAccount) -> bool:
    """An admin without TOTP (made admin after creation): it must enrol before acting as anyone."""
    return account.role == "admin" and account.totp_secret is None


def _check_password(password: str, username: str) -> None:
    try:
        passwords.check_policy(password, username)
    except passwords.PasswordRefused as exc:
        raise AccountError(exc.message, **exc.params) from None


def create_account(session: Session, username: str, password: str, role: str, *, actor: str) -> StaffAccount:
    """A new account. An admin is enrolled for TOTP at once: `account.enrolment` is then the
    (otpauth URI, recovery codes) to hand over once (None for other roles)."""
    if role not in ROLES:
        raise AccountError(N_("Unknown role %(role)s."), role=role)
    if not username or len(username) > MAX_NAME or not username.isprintable() or username != username.strip():
        raise AccountError(N_("Give a name of 1 to %(n)d printable characters."), n=MAX_NAME)
    _check_password(password, username)
    if session.scalar(select(StaffAccount).where(StaffAccount.username == username)):
        raise AccountError(N_("The account %(name)s exists."), name=username)
    account = StaffAccount(username=username, password_hash=passwords.hash_password(password), role=role,
                           active=True)
    session.add(account)
    session.flush()
    audit.record(session, actor, "account.create", username, None, {"role": role})
    account.enrolment = None
    if role == "admin":
        account.enrolment = twofactor.enrol(session, account)
        audit.record(session, actor, "account.totp", username, None, {"enrolled": True})
    return account


LAST_ADMIN = N_("%(name)s is the last active administrator: nobody else could then manage accounts, approve "
                "decisions or publish. Make another account an administrator first.")


def set_role(session: Session, account: StaffAccount, role: str, *, actor: str) -> None:
    """A new role. An account made admin without TOTP must enrol before its next office page or API call
    (web/office/auth.require sends a live session to the enrolment page; a sign-in enrols at the code step)."""
    update_account(session, account, role=role, actor=actor)


def set_active(session: Session, account: StaffAccount, active: bool, *, actor: str,
               now: dt.datetime | None = None) -> None:
    update_account(session, account, active=active, actor=actor, now=now)


def update_account(session: Session, account: StaffAccount, *, role: str | None = None, active: bool | None = None,
                   actor: str, now: dt.datetime | None = None) -> None:
    """Change an account's role and/or whether it is active, and commit; when refused, nothing is changed
    (the transaction is rolled back).

    Refused (AccountError, LAST_ADMIN) when it would leave no active administrator: the office would have
    nobody to manage accounts, approve decisions, publish or see contact details, and only someone with a
    shell on the server could mend it (attack round 10, F6). The active administrators' rows are locked
    first (PostgreSQL; SQLite queues writers), so two administrators demoting each other at once cannot
    both succeed.

    Deactivating revokes the account's API tokens: deactivation is how a leaked token is stopped, and
    re-activating the account later must not bring back tokens issued before (the owner issues new ones)."""
    role = account.role if role is None else role
    active = account.active if active is None else active
    if role not in ROLES:
        raise AccountError(N_("Unknown role %(role)s."), role=role)
    if role == account.role and active == account.active:
        return
    with write_lock(session):
        if account.role == "admin" and account.active and not (role == "admin" and active):
            admins = session.scalars(select(StaffAccount.id).where(StaffAccount.role == "admin",
                                                                   StaffAccount.active.is_(True))
                                     .with_for_update()).all()
            if not set(admins) - {account.id}:
                session.rollback()
                raise AccountError(LAST_ADMIN, name=account.username)
        if role != account.role:
            audit.record(session, actor, "account.role", account.username, {"role": account.role}, {"role": role})
            account.role = role
        if active != account.active:
            audit.record(session, actor, "account.active", account.username, {"active": account.active},
                         {"active": active})
            account.active = active
            if not active:
                revoke_tokens(session, account, now or utcnow(), actor=actor)
        session.commit()


def set_password(session: Session, account: StaffAccount, password: str, *, actor: str,
                 now: dt.datetime) -> None:
    """A new password, and every API token of the account revoked: a password is changed (or reset)
    because it may be known to someone else, who may have issued a token with it. The caller ends the
    account's sign-in sessions (they live in the key store)."""
    _check_password(password, account.username)
    account.password_hash = passwords.hash_password(password)
    audit.record(session, actor, "account.password", account.username)
    revoke_tokens(session, account, now, actor=actor)


def revoke_tokens(session: Session, account: StaffAccount, now: dt.datetime, *, actor: str) -> None:
    """Every API token of the account not yet revoked (a new password, a deactivation)."""
    for token in session.scalars(select(ApiToken).where(ApiToken.account_id == account.id,
                                                        ApiToken.revoked_at.is_(None))):
        revoke_token(session, token.id, now, actor=actor)


def authenticate(session: Session, keys, username: str, password: str, address: str,
                 now: dt.datetime) -> StaffAccount | None:
    """The account if the password is right, else None; raises LockedOut while (name, address) or the
    address must wait. Unknown and inactive names cost one argon2 verification like a wrong password,
    count toward the same locks and get the same answers. Commits nothing; `now` only stamps the audit."""
    locked = throttle.check(keys, username, address)
    if locked:
        raise LockedOut(locked.retry_after)
    account = session.scalar(select(StaffAccount).where(StaffAccount.username == username)) \
        if 0 < len(username) <= MAX_NAME else None
    ok = passwords.verify(account.password_hash if account is not None else None, password)
    if not ok or not account.active:
        locked = throttle.failed(keys, username, address)
        if locked:
            audit.record(session, "-", "login.locked", username[:MAX_NAME], None,
                         {"address": address, "seconds": locked.retry_after})
            raise LockedOut(locked.retry_after)
        return None
    throttle.succeeded(keys, username, address)
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    return account


def signed_in(session: Session, account: StaffAccount, now: dt.datetime, *, second_factor: bool) -> None:
    account.last_login_at = now
    audit.record(session, account.username, "account.login", account.username, None,
                 {"second_factor": second_factor})


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
