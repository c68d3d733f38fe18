"""The account and role rules of consultation/office/accounts.py, without the web stack.

Which role may do what, who sees personal data, who needs a second factor, what an account name and
role may be, how sign-in answers and locks, and what a token opens. The pages and the API apply these
(tests/office/test_access.py walks the matrix through them); here each rule is pinned on its own, so
the mutation run of the rule modules ([tool.mutmut] in pyproject.toml) costs a second per mutant. The
database is a real SQLite file with the office tables; the sign-in counters live in the real
database key store.
"""
from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import Session

from consultation.db import Base
from consultation.expiring import DatabaseStore
from consultation.office import accounts, passwords, throttle, twofactor
from consultation.office.accounts import AccountError, LockedOut
from consultation.office.models import ApiToken, AuditEntry, RecoveryCode, StaffAccount

GOOD = "correct horse battery"
NOW = dt.datetime(2025, 11, 20, 2, 0, tzinfo=dt.timezone.utc)
# What each role may do (docs/office.md): viewers read, editors also decide and regroup, admins also
# run accounts, the window, publication and see personal data.
MAY = {
    ("viewer", "viewer"): True, ("viewer", "editor"): False, ("viewer", "admin"): False,
    ("editor", "viewer"): True, ("editor", "editor"): True, ("editor", "admin"): False,
    ("admin", "viewer"): True, ("admin", "editor"): True, ("admin", "admin"): True,
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('accounts') / 'a.db'}")
    event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA foreign_keys=ON"))
    tables = [m.__table__ for m in (StaffAccount, ApiToken, AuditEntry, RecoveryCode)]
    Base.metadata.create_all(engine, tables=tables)
    return engine


@pytest.fixture(scope="module")
def keys_engine(tmp_path_factory):
    """The key store in a file of its own: the session holds the accounts' write transaction meanwhile."""
    from consultation.expiring import ExpiringKey

    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('keys') / 'k.db'}")
    Base.metadata.create_all(engine, tables=[ExpiringKey.__table__])
    return engine


@pytest.fixture
def session(engine):
    with Session(engine, info={"secret_key": "test-secret"}) as s:
        yield s
        s.rollback()
    with engine.begin() as conn:
        for table in (RecoveryCode, ApiToken, AuditEntry, StaffAccount):
            conn.execute(table.__table__.delete())


@pytest.fixture
def keys(keys_engine):
    yield DatabaseStore(keys_engine)
    with keys_engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM expiring_keys")


def _account(role: str, *, active: bool = True, totp: str | None = None) -> StaffAccount:
    return StaffAccount(username=f"{role}-x", password_hash="-", role=role, active=active, totp_secret=totp)


def _audit(session: Session, action: str) -> list[AuditEntry]:
    session.flush()
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


# --- roles -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role,minimum", sorted(MAY))
def test_each_role_may_do_what_its_rank_allows(role, minimum):
    assert accounts.has_role(_account(role), minimum) is MAY[role, minimum]


@pytest.mark.parametrize("role,minimum", sorted(MAY))
def test_an_inactive_account_may_do_nothing(role, minimum):
    assert not accounts.has_role(_account(role, active=False), minimum)


@pytest.mark.parametrize("role,sees", [("viewer", False), ("editor", False), ("admin", True)])
def test_only_an_active_admin_sees_personal_data(role, sees):
    assert accounts.can_see_personal_data(_account(role)) is sees
    assert not accounts.can_see_personal_data(_account(role, active=False))


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_a_second_factor_is_asked_of_admins_always_and_of_others_once_enrolled(role):
    assert accounts.needs_second_factor(_account(role)) is (role == "admin")
    assert accounts.needs_second_factor(_account(role, totp="sealed"))


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_only_an_admin_without_a_second_factor_must_enrol(role):
    assert accounts.must_enrol(_account(role)) is (role == "admin")
    assert not accounts.must_enrol(_account(role, totp="sealed"))


def test_roles_have_labels_in_both_languages():
    from consultation.i18n import gettext

    assert {r: gettext("en", label) for r, label in accounts.ROLE_LABELS.items()} == {
        "viewer": "Viewer", "editor": "Editor", "admin": "Administrator"}
    assert all(gettext("zh_CN", label) != gettext("en", label) for label in accounts.ROLE_LABELS.values())


# --- creating and changing accounts -------------------------------------------------------------------

def test_an_editor_is_created_with_a_hashed_password_and_an_audit_entry(session):
    account = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    assert account.id and account.active is True and account.role == "editor"
    assert account.password_hash != GOOD and passwords.verify(account.password_hash, GOOD)
    assert account.enrolment is None and account.totp_secret is None
    [entry] = _audit(session, "account.create")
    assert (entry.actor, entry.target, entry.before, entry.after) == ("boss", "lin", None, {"role": "editor"})
    assert _audit(session, "account.totp") == []


def test_an_admin_is_enrolled_for_a_second_factor_at_creation(session):
    account = accounts.create_account(session, "chief", GOOD, "admin", actor="boss")
    uri, codes = account.enrolment
    secret = twofactor.secret_of(session, account)
    assert secret and secret in uri and codes
    assert twofactor.recovery_codes_left(session, account) == len(codes)
    [entry] = _audit(session, "account.totp")
    assert (entry.actor, entry.target, entry.after) == ("boss", "chief", {"enrolled": True})


def test_an_unknown_role_is_refused_and_nothing_is_created(session):
    with pytest.raises(AccountError) as caught:
        accounts.create_account(session, "lin", GOOD, "superuser", actor="boss")
    assert caught.value.message == "Unknown role %(role)s." and caught.value.params == {"role": "superuser"}
    assert str(caught.value) == "Unknown role superuser."
    assert session.scalars(select(StaffAccount)).all() == []


@pytest.mark.parametrize("name", ["", "x" * 101, " lin", "lin ", "li\nn", "li\tn"])
def test_a_name_that_is_empty_too_long_padded_or_unprintable_is_refused(session, name):
    with pytest.raises(AccountError) as caught:
        accounts.create_account(session, name, GOOD, "viewer", actor="boss")
    assert (caught.value.message, caught.value.params) == ("Give a name of 1 to %(n)d printable characters.",
                                                           {"n": 100})
    assert session.scalars(select(StaffAccount)).all() == []


@pytest.mark.parametrize("name", ["x", "x" * 100, "林 小 明"])
def test_a_name_of_1_to_100_printable_characters_is_accepted(session, name):
    assert accounts.create_account(session, name, GOOD, "viewer", actor="boss").username == name


def test_a_password_against_the_policy_is_refused_with_its_message(session):
    with pytest.raises(AccountError) as caught:
        accounts.create_account(session, "lin", "short", "viewer", actor="boss")
    assert caught.value.params == {"n": passwords.MIN_LENGTH}
    assert "%(n)d" in caught.value.message


def test_a_name_taken_is_refused(session):
    accounts.create_account(session, "lin", GOOD, "viewer", actor="boss")
    with pytest.raises(AccountError) as caught:
        accounts.create_account(session, "lin", GOOD + "!", "editor", actor="boss")
    assert (caught.value.message, caught.value.params) == ("The account %(name)s exists.", {"name": "lin"})
    assert [a.role for a in accounts.list_accounts(session)] == ["viewer"]


def test_a_new_role_is_recorded_with_the_old_one(session):
    account = accounts.create_account(session, "lin", GOOD, "viewer", actor="boss")
    accounts.set_role(session, account, "admin", actor="boss")
    assert account.role == "admin" and accounts.must_enrol(account)
    [entry] = _audit(session, "account.role")
    assert (entry.actor, entry.target, entry.before, entry.after) == ("boss", "lin", {"role": "viewer"},
                                                                      {"role": "admin"})
    with pytest.raises(AccountError) as caught:
        accounts.set_role(session, account, "root", actor="boss")
    assert (caught.value.message, caught.value.params) == ("Unknown role %(role)s.", {"role": "root"})
    assert account.role == "admin" and len(_audit(session, "account.role")) == 1


def test_deactivating_is_recorded_with_the_state_before(session):
    account = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    accounts.set_active(session, account, False, actor="boss")
    assert account.active is False
    [entry] = _audit(session, "account.active")
    assert (entry.actor, entry.target, entry.before, entry.after) == ("boss", "lin", {"active": True},
                                                                      {"active": False})


def test_a_new_password_follows_the_policy_and_replaces_the_old(session):
    account = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    with pytest.raises(AccountError):
        accounts.set_password(session, account, "lin-lin-lin-lin", actor="boss", now=NOW)
    assert passwords.verify(account.password_hash, GOOD)
    accounts.set_password(session, account, "another long passphrase", actor="lin", now=NOW)
    assert passwords.verify(account.password_hash, "another long passphrase")
    assert not passwords.verify(account.password_hash, GOOD)
    [entry] = _audit(session, "account.password")
    assert (entry.actor, entry.target) == ("lin", "lin")


def test_a_new_password_revokes_the_accounts_api_tokens(session):
    """Sessions end on a password change; so do bearer tokens, which someone who knew the old password may
    have issued (the hostile tester's token kept working after the change). Other accounts keep theirs."""
    account = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    other = accounts.create_account(session, "mei", GOOD, "editor", actor="boss")
    secrets = [accounts.issue_token(session, account, label, actor="boss") for label in ("laptop", "script")]
    kept = accounts.issue_token(session, other, actor="boss")
    with pytest.raises(AccountError):  # a refused password changes nothing
        accounts.set_password(session, account, "lin-lin-lin-lin", actor="lin", now=NOW)
    assert all(accounts.account_for_token(session, s) is not None for s in secrets)
    accounts.set_password(session, account, "another long passphrase", actor="lin", now=NOW)
    assert [accounts.account_for_token(session, s) for s in secrets] == [None, None]
    assert accounts.account_for_token(session, kept).username == "mei"
    assert {t.revoked_at for t in accounts.tokens_of(session, account.id)} == {NOW}
    assert len(_audit(session, "token.revoke")) == 2


def test_accounts_are_listed_by_name(session):
    for name in ("wang", "chen", "li"):
        accounts.create_account(session, name, GOOD, "viewer", actor="boss")
    assert [a.username for a in accounts.list_accounts(session)] == ["chen", "li", "wang"]


# --- signing in -----------------------------------------------------------------------------------------

def _sign_in(session, keys, name, password, address="10.0.0.1"):
    return accounts.authenticate(session, keys, name, password, address, NOW)


def test_the_right_password_signs_in_and_a_wrong_one_does_not(session, keys):
    account = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    assert _sign_in(session, keys, "lin", GOOD) is account
    assert _sign_in(session, keys, "lin", GOOD + "x") is None
    assert _sign_in(session, keys, "nobody", GOOD) is None


def test_an_inactive_account_does_not_sign_in_with_its_right_password(session, keys):
    account = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    accounts.set_active(session, account, False, actor="boss")
    for _ in range(throttle.PAIR_LIMIT - 1):
        assert _sign_in(session, keys, "lin", GOOD) is None
    with pytest.raises(LockedOut):  # and it counts toward the lock like a wrong password
        _sign_in(session, keys, "lin", GOOD)


def test_a_name_longer_than_allowed_is_not_looked_up(session, keys):
    accounts.create_account(session, "x" * 100, GOOD, "viewer", actor="boss")
    accounts.create_account(session, "q", GOOD, "viewer", actor="boss")
    assert _sign_in(session, keys, "x" * 100, GOOD) is not None
    assert _sign_in(session, keys, "q", GOOD) is not None
    assert _sign_in(session, keys, "x" * 101, GOOD) is None
    assert _sign_in(session, keys, "", GOOD) is None


def test_failures_lock_the_name_at_the_address_even_for_the_right_password(session, keys):
    accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    for _ in range(throttle.PAIR_LIMIT - 1):
        assert _sign_in(session, keys, "lin", "wrong password!") is None
    assert _audit(session, "login.locked") == []
    with pytest.raises(LockedOut) as caught:
        _sign_in(session, keys, "lin", "wrong password!")
    assert caught.value.retry_after == throttle.PAIR_BASE_WAIT
    assert caught.value.params == {"minutes": 1}
    [entry] = _audit(session, "login.locked")
    assert (entry.actor, entry.target) == ("-", "lin") and entry.at != NOW  # logged on the real clock
    assert entry.after == {"address": "10.0.0.1", "seconds": throttle.PAIR_BASE_WAIT}
    with pytest.raises(LockedOut):  # checked before the password
        _sign_in(session, keys, "lin", GOOD)
    assert _sign_in(session, keys, "lin", GOOD, address="10.0.0.2") is not None  # another address is not held


def test_the_locked_entry_keeps_at_most_the_longest_name(session, keys):
    name = "y" * 150
    for _ in range(throttle.PAIR_LIMIT):
        try:
            _sign_in(session, keys, name, "wrong password!")
        except LockedOut:
            break
    [entry] = _audit(session, "login.locked")
    assert entry.target == "y" * 100


def test_a_success_clears_the_failures_before_it(session, keys):
    accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    for _ in range(throttle.PAIR_LIMIT - 1):
        assert _sign_in(session, keys, "lin", "wrong password!") is None
    assert _sign_in(session, keys, "lin", GOOD) is not None
    for _ in range(throttle.PAIR_LIMIT - 1):
        assert _sign_in(session, keys, "lin", "wrong password!") is None


@pytest.mark.parametrize("seconds,minutes", [(1, 1), (59, 1), (60, 1), (61, 2), (900, 15)])
def test_the_lock_message_gives_whole_minutes_rounded_up(seconds, minutes):
    locked = LockedOut(seconds)
    assert locked.retry_after == seconds and locked.params == {"minutes": minutes}
    assert locked.message == "Too many failed attempts. Try again in %(minutes)d minutes."


def test_a_hash_of_older_parameters_is_renewed_at_sign_in(session, keys):
    from argon2 import PasswordHasher

    account = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    account.password_hash = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(GOOD)
    old = account.password_hash
    assert passwords.needs_rehash(old)
    assert _sign_in(session, keys, "lin", GOOD) is account
    assert account.password_hash != old and not passwords.needs_rehash(account.password_hash)
    assert passwords.verify(account.password_hash, GOOD)


def test_signing_in_stamps_the_account_and_the_audit(session):
    account = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    accounts.signed_in(session, account, NOW, second_factor=True)
    assert account.last_login_at == NOW
    [entry] = _audit(session, "account.login")
    assert (entry.actor, entry.target, entry.after) == ("lin", "lin", {"second_factor": True})
    assert entry.at != NOW  # when it happened, on the real clock (the login stamp is the caller's `now`)


# --- API tokens -----------------------------------------------------------------------------------------

def test_a_token_opens_its_account_and_only_its_hash_is_stored(session):
    account = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    secret = accounts.issue_token(session, account, "scripts", actor="boss")
    assert secret.startswith("ofc_") and len(secret) > 40
    [token] = accounts.tokens_of(session, account.id)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest() and token.label == "scripts"
    assert accounts.account_for_token(session, secret) is account
    assert accounts.account_for_token(session, secret + "x") is None
    [entry] = _audit(session, "token.issue")
    assert (entry.actor, entry.target, entry.after) == ("boss", "lin", {"token_id": token.id, "label": "scripts"})


def test_a_revoked_token_opens_nothing_and_revoking_twice_records_once(session):
    account = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    secret = accounts.issue_token(session, account, actor="boss")
    [token] = accounts.tokens_of(session, account.id)
    assert token.label == ""  # no label unless one is given
    accounts.revoke_token(session, token.id, NOW, actor="boss")
    assert token.revoked_at == NOW
    assert accounts.account_for_token(session, secret) is None
    later = NOW + dt.timedelta(hours=1)
    accounts.revoke_token(session, token.id, later, actor="boss")
    assert token.revoked_at == NOW
    [entry] = _audit(session, "token.revoke")
    assert (entry.actor, entry.target, entry.after) == ("boss", str(token.id), {"revoked_at": NOW.isoformat()})
    accounts.revoke_token(session, token.id + 99, NOW, actor="boss")  # no such token: nothing to record
    assert len(_audit(session, "token.revoke")) == 1


def test_a_token_of_an_inactive_account_opens_nothing(session):
    account = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    secret = accounts.issue_token(session, account, actor="boss")
    accounts.set_active(session, account, False, actor="boss")
    assert accounts.account_for_token(session, secret) is None


def test_tokens_are_listed_per_account_in_issue_order(session):
    lin = accounts.create_account(session, "lin", GOOD, "editor", actor="boss")
    wang = accounts.create_account(session, "wang", GOOD, "editor", actor="boss")
    accounts.issue_token(session, lin, "a", actor="boss")
    accounts.issue_token(session, wang, "b", actor="boss")
    accounts.issue_token(session, lin, "c", actor="boss")
    assert [t.label for t in accounts.tokens_of(session, lin.id)] == ["a", "c"]
    assert [t.label for t in accounts.tokens_of(session, wang.id)] == ["b"]


def test_a_password_containing_the_account_name_is_refused_at_creation_and_change(session):
    with pytest.raises(AccountError):
        accounts.create_account(session, "zhangwei", "zhangwei likes long walks", "viewer", actor="boss")
    account = accounts.create_account(session, "zhangwei", GOOD, "viewer", actor="boss")
    with pytest.raises(AccountError):
        accounts.set_password(session, account, "zhangwei likes long walks", actor="boss", now=NOW)
    assert passwords.verify(account.password_hash, GOOD)
