"""Attack round 10, F6 and F8: the office keeps an administrator, a deactivation stops the account's API
tokens for good, and binding an authenticator needs the current password."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pyotp
from click.testing import CliRunner
from sqlalchemy import func, select

from commands import main
from consultation.office import throttle, twofactor
from consultation.office.accounts import issue_token
from consultation.office.models import ApiToken, AuditEntry, StaffAccount
from tests.staff import PASSWORD, create_staff, login

LAST_ADMIN = "是最后一个在用的管理员"


def _account(office, name):
    with office.session() as s:
        return s.scalar(select(StaffAccount).where(StaffAccount.username == name))


def _cli(office, *args):
    env = {"DATABASE_URL": office.settings.database_url, "CONSULT_INSTANCE": str(office.settings.instance),
           "SECRET_KEY": office.settings.secret_key}
    return CliRunner().invoke(main, list(args), env=env)


def test_the_last_active_admin_can_be_neither_demoted_nor_deactivated(office, accounts, clients):
    admin = clients["admin"]
    me = _account(office, "admin")
    for form in ({"role": "viewer", "active": "1"}, {"role": "editor"}, {"role": "admin", "active": "0"}):
        response = admin.post(f"/office/admin/accounts/{me.id}", data=form)
        assert response.status_code == 303
        page = admin.get("/office/admin/accounts")
        said = LAST_ADMIN if form.get("active") != "0" else "不能停用自己的账户"
        assert page.status_code == 200 and said in page.get_data(as_text=True), form
        assert (_account(office, "admin").role, _account(office, "admin").active) == ("admin", True)
    with office.session() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action.in_(("account.role", "account.active")))).all() == []
    refused = _cli(office, "set-account", "admin", "--role", "editor")
    assert refused.exit_code != 0 and LAST_ADMIN in refused.output
    refused = _cli(office, "set-account", "admin", "--disabled")
    assert refused.exit_code != 0 and LAST_ADMIN in refused.output
    assert (_account(office, "admin").role, _account(office, "admin").active) == ("admin", True)
    # With a second active administrator, either may step down (here the first, through the CLI).
    create_staff(office, "deputy", "admin")
    assert _cli(office, "set-account", "deputy", "--disabled").exit_code == 0  # a disabled one does not count
    assert LAST_ADMIN in _cli(office, "set-account", "admin", "--role", "viewer").output
    assert _cli(office, "set-account", "deputy", "--active").exit_code == 0
    done = _cli(office, "set-account", "admin", "--role", "editor")
    assert done.exit_code == 0 and _account(office, "admin").role == "editor"


def test_a_deactivated_accounts_tokens_stay_revoked_when_it_is_reactivated(app, office, accounts, clients):
    viewer = _account(office, "viewer")
    with office.session() as s:
        secret = issue_token(s, s.get(StaffAccount, viewer.id), actor="test")
        s.commit()
    api = app.test_client()
    bearer = {"Authorization": "Bearer " + secret}
    assert api.get("/api/v1/office/dashboard", headers=bearer).status_code == 200
    admin = clients["admin"]
    assert admin.post(f"/office/admin/accounts/{viewer.id}", data={"role": "viewer", "active": "0"}).status_code == 303
    assert api.get("/api/v1/office/dashboard", headers=bearer).status_code == 401
    assert admin.post(f"/office/admin/accounts/{viewer.id}", data={"role": "viewer", "active": "1"}).status_code == 303
    assert _account(office, "viewer").active is True
    assert api.get("/api/v1/office/dashboard", headers=bearer).status_code == 401  # not revived
    with office.session() as s:
        assert s.scalar(select(ApiToken.revoked_at).where(ApiToken.account_id == viewer.id)) is not None
        assert s.scalar(select(AuditEntry.actor).where(AuditEntry.action == "token.revoke")) == "admin"


def _enrol_secret(page: str) -> str:
    uri = page.split('id="enrol-uri">')[1].split("<")[0].replace("&amp;", "&")
    return parse_qs(urlsplit(uri).query)["secret"][0]


def test_enrolling_a_second_factor_needs_the_current_password(app, office, accounts, clients):
    """A session alone (unattended, stolen) cannot bind its own authenticator and lock the owner out."""
    editor = clients["editor"]
    other = app.test_client()
    assert login(other, "editor").status_code == 302  # the owner's other session
    page = editor.get("/office/account/two-factor").get_data(as_text=True)
    assert 'name="current_password"' in page
    secret = _enrol_secret(page)
    for password in (None, "", "not the password at all"):
        data = {"code": pyotp.TOTP(secret).now(), **({} if password is None else {"current_password": password})}
        refused = editor.post("/office/account/two-factor", data=data)
        assert refused.status_code == 400 and "当前密码不正确" in refused.get_data(as_text=True)
    with office.session() as s:
        assert twofactor.secret_of(s, s.scalar(select(StaffAccount).where(StaffAccount.username == "editor"))) is None
    assert other.get("/office/").status_code == 200
    done = editor.post("/office/account/two-factor", data={"code": pyotp.TOTP(secret).now(),
                                                           "current_password": PASSWORD})
    assert done.status_code == 200 and done.get_data(as_text=True).count("<li><code>") == 10
    with office.session() as s:
        assert s.scalars(select(AuditEntry.actor).where(AuditEntry.action == "account.totp",
                                                        AuditEntry.target == "editor")).all() == ["editor"]
    assert other.get("/office/").status_code == 302  # the account's other sessions ended
    assert editor.get("/office/").status_code == 200


def test_wrong_passwords_on_the_two_factor_page_count_toward_the_sign_in_lock(app, office, accounts, clients):
    editor = clients["editor"]
    secret = _enrol_secret(editor.get("/office/account/two-factor").get_data(as_text=True))
    statuses = [editor.post("/office/account/two-factor", data={"code": "000000", "current_password": "wrong"}
                            ).status_code for _ in range(throttle.PAIR_LIMIT)]
    assert statuses[0] == 400 and statuses[-1] == 429
    late = editor.post("/office/account/two-factor", data={"code": pyotp.TOTP(secret).now(),
                                                           "current_password": PASSWORD})
    assert late.status_code == 429  # locked: even the right password waits
    with office.session() as s:
        assert twofactor.secret_of(s, s.scalar(select(StaffAccount).where(StaffAccount.username == "editor"))) is None


def test_two_admins_demoting_each_other_at_once_leave_one_admin(office):
    """The check and the change are one step under a lock (row locks on PostgreSQL, the writers' queue on
    SQLite): two administrators demoting each other at the same moment cannot both succeed."""
    import threading

    from consultation.office.accounts import AccountError, update_account

    create_staff(office, "one", "admin")
    create_staff(office, "two", "admin")
    barrier, outcomes = threading.Barrier(2), []

    def demote(name):
        with office.session() as s:
            account = s.scalar(select(StaffAccount).where(StaffAccount.username == name))
            barrier.wait()
            try:
                update_account(s, account, role="editor", actor="other")
                outcomes.append("done")
            except AccountError:
                outcomes.append("refused")

    threads = [threading.Thread(target=demote, args=(name,)) for name in ("one", "two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["done", "refused"]
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(StaffAccount).where(StaffAccount.role == "admin")) == 1
