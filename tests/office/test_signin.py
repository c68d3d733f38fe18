"""Signing in (issue 13, item 5): throttles per (name, address) and per address that nobody can use to
lock the admin out, the same answers for unknown names, locks on the real clock, the password policy,
the second factor (real pyotp codes), and redirects after sign-in that stay in the office."""
from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from commands import main
from consultation.office import passwords, throttle, twofactor
from consultation.office.accounts import AccountError, create_account, issue_token
from consultation.office.models import AuditEntry, RecoveryCode, StaffAccount
from tests.conftest import set_now
from tests.staff import PASSWORD, create_staff, login, totp_code
from web.office import sessions

WRONG = "not the password at all"


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _page(response) -> str:
    """The page without its per-client CSRF token."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))


def _secret(office, name: str) -> str | None:
    """The account's TOTP secret in clear (the column holds it sealed)."""
    with office.session() as s:
        return twofactor.secret_of(s, s.scalar(select(StaffAccount).where(StaffAccount.username == name)))


# ----------------------------------------------------------------- throttling
def test_nobody_can_lock_the_admin_out_from_elsewhere(app, office, accounts):
    attacker = _client(app, "203.0.113.7")
    for _ in range(throttle.PAIR_LIMIT - 1):
        assert login(attacker, "admin", WRONG).status_code == 401
    locked = login(attacker, "admin", WRONG)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert login(attacker, "admin").status_code == 429  # the attacker's address waits, even with the password
    # The admin, from their own address, signs in with the password and the code at once.
    admin = _client(app, "198.51.100.20")
    assert login(admin, "admin").status_code == 302
    assert admin.get("/office/admin/accounts").status_code == 200


def test_unknown_names_answer_exactly_like_existing_ones(app, office, accounts):
    known, unknown = _client(app, "203.0.113.8"), _client(app, "203.0.113.9")
    for attempt in range(throttle.PAIR_LIMIT + 1):
        a = login(known, "editor", WRONG)
        b = login(unknown, "no-such-editor", WRONG)
        assert a.status_code == b.status_code, attempt
        assert _page(a) == _page(b)
        assert ("Retry-After" in a.headers) == ("Retry-After" in b.headers)
    assert a.status_code == 429  # the sixth try is refused for both, so 429 reveals nothing


def test_unknown_names_cost_one_argon2_verification_like_known_ones(app, office, accounts, monkeypatch):
    """Same work, hence the same timing: a dummy hash is verified for a name that does not exist."""
    calls = []
    real = passwords.hasher

    class Spy:
        def __getattr__(self, name):
            return getattr(real, name)

        def verify(self, password_hash, password):
            calls.append(password_hash)
            return real.verify(password_hash, password)

    monkeypatch.setattr(passwords, "hasher", Spy())
    client = _client(app, "203.0.113.10")
    login(client, "viewer", WRONG)
    login(client, "nobody-at-all", WRONG)
    assert len(calls) == 2 and calls[0] != calls[1] and all(h.startswith("$argon2") for h in calls)


def test_one_address_trying_many_names_is_held_back(app, office, accounts):
    client = _client(app, "203.0.113.11")
    statuses = [login(client, f"guess{i}", WRONG).status_code for i in range(throttle.ADDRESS_LIMIT)]
    assert statuses[:-1] == [401] * (throttle.ADDRESS_LIMIT - 1) and statuses[-1] == 429
    assert login(client, "viewer").status_code == 429  # this address waits, whatever name it tries
    assert login(_client(app, "203.0.113.12"), "viewer").status_code == 302


def test_locks_end_on_the_real_clock_whatever_consult_now_says(app, office, accounts, monkeypatch):
    monkeypatch.setattr(throttle, "PAIR_BASE_WAIT", 1)
    client = _client(app, "203.0.113.13")
    for _ in range(throttle.PAIR_LIMIT):
        login(client, "viewer", WRONG)
    set_now(office, "2031-01-01T00:00:00+08:00")  # a simulated date far ahead changes nothing
    assert login(client, "viewer").status_code == 429
    set_now(office, "2025-11-20T10:00:00+08:00")
    time.sleep(1.2)  # one real second later the lock is over
    assert login(client, "viewer").status_code == 302


def test_a_lock_is_audited(app, office, accounts):
    client = _client(app, "203.0.113.14")
    for _ in range(throttle.PAIR_LIMIT):
        login(client, "viewer", WRONG)
    with office.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "login.locked")).one()
        assert entry.target == "viewer" and entry.after["address"] == "203.0.113.14"


# ----------------------------------------------------------------- password policy
@pytest.mark.parametrize("password", ["1234567890", "123456789012", "password1234", "qwertyuiop12",
                                      "short", "x" * 300, "chief-admin-2025", "aaaaaaaaaaaa"])
def test_weak_passwords_are_refused(office, password):
    with office.session() as s:
        with pytest.raises(AccountError):
            create_account(s, "chief-admin", password, "admin", actor="test")
        assert s.scalar(select(StaffAccount)) is None


def test_a_passphrase_is_accepted(office):
    assert create_staff(office, "chief", "admin", "amber river lantern seven").role == "admin"


# ----------------------------------------------------------------- second factor
def test_admin_signs_in_with_a_real_totp_code(app, office, accounts):
    client = _client(app, "198.51.100.21")
    first = client.post("/office/login", data={"username": "admin", "password": PASSWORD})
    assert first.status_code == 302 and first.headers["Location"].endswith("/office/login/code")
    # Between the steps nothing of the office opens.
    assert client.get("/office/").status_code == 302
    page = client.get("/office/login/code").get_data(as_text=True)
    assert page.count("<input") == 2 and 'name="code"' in page  # the CSRF token and `code`
    totp = pyotp.TOTP(_secret(office, "admin"))
    valid = {totp.at(time.time() + drift) for drift in (-30, 0, 30)}
    wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)
    assert client.post("/office/login/code", data={"code": wrong}).status_code == 401
    code = totp.now()
    done = client.post("/office/login/code", data={"code": code})
    assert done.status_code == 302 and client.get("/office/admin/accounts").status_code == 200


def test_a_totp_code_works_once(app, office, accounts):
    code = totp_code(office, "admin")
    one, two = _client(app, "198.51.100.22"), _client(app, "198.51.100.23")
    for c in (one, two):
        assert c.post("/office/login", data={"username": "admin", "password": PASSWORD}).status_code == 302
    assert one.post("/office/login/code", data={"code": code}).status_code == 302
    assert two.post("/office/login/code", data={"code": code}).status_code == 401  # replayed
    assert two.get("/office/").status_code == 302


def test_wrong_codes_end_the_pending_sign_in(app, office, accounts):
    client = _client(app, "198.51.100.24")
    client.post("/office/login", data={"username": "admin", "password": PASSWORD})
    for _ in range(sessions.PENDING_TRIES - 1):
        assert client.post("/office/login/code", data={"code": "12345"}).status_code == 401
    assert client.post("/office/login/code", data={"code": "12345"}).headers["Location"].endswith("/office/login")
    # Even the right code is now too late: the password is needed again.
    late = client.post("/office/login/code", data={"code": totp_code(office, "admin")})
    assert late.headers["Location"].endswith("/office/login")
    assert client.get("/office/").status_code == 302


def test_recovery_codes_work_once_and_are_stored_hashed(app, office):
    runner = CliRunner()
    env = {"DATABASE_URL": office.settings.database_url, "CONSULT_INSTANCE": str(office.settings.instance),
           "SECRET_KEY": office.settings.secret_key}
    result = runner.invoke(main, ["create-admin", "chief"], input="amber river lantern seven\n", env=env)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    uri = next(line for line in lines if line.startswith("otpauth://totp/"))
    codes = [line for line in lines if len(line) == 19 and line.count("-") == 3]
    assert len(codes) == 10 and parse_qs(urlsplit(uri).query)["secret"][0] == _secret(office, "chief")
    with office.session() as s:
        stored = s.scalars(select(RecoveryCode.code_hash)).all()
        assert len(stored) == 10 and not set(codes) & set(stored)
    client = _client(app, "198.51.100.25")
    assert login(client, "chief", "amber river lantern seven").status_code == 302  # URI's secret, via pyotp
    other = _client(app, "198.51.100.26")
    other.post("/office/login", data={"username": "chief", "password": "amber river lantern seven"})
    assert other.post("/office/login/code", data={"code": codes[0].lower()}).status_code == 302
    again = _client(app, "198.51.100.27")
    again.post("/office/login", data={"username": "chief", "password": "amber river lantern seven"})
    assert again.post("/office/login/code", data={"code": codes[0]}).status_code == 401


def _enrol_secret(page: str) -> str:
    uri = page.split('id="enrol-uri">')[1].split("<")[0].replace("&amp;", "&")
    return parse_qs(urlsplit(uri).query)["secret"][0]


def test_an_account_made_admin_enrols_at_its_next_sign_in(app, office, accounts, clients):
    with office.session() as s:
        editor_id = s.scalar(select(StaffAccount.id).where(StaffAccount.username == "editor"))
    assert clients["admin"].post(f"/office/admin/accounts/{editor_id}", data={"role": "admin"}).status_code == 303
    client = _client(app, "198.51.100.28")
    client.post("/office/login", data={"username": "editor", "password": PASSWORD})
    secret = _enrol_secret(client.get("/office/login/code").get_data(as_text=True))
    done = client.post("/office/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and done.get_data(as_text=True).count("<li><code>") == 10
    assert _secret(office, "editor") == secret
    assert client.get("/office/admin/accounts").status_code == 200


def test_an_account_made_admin_while_signed_in_must_enrol_before_any_page(app, office, accounts, clients):
    """Not silently at the next sign-in only: the live password-only session is sent to the enrolment
    page from its very next request, gets no admin page (nor any other) and no API call until it enrols."""
    editor = clients["editor"]
    with office.session() as s:
        account = s.scalar(select(StaffAccount).where(StaffAccount.username == "editor"))
        token = issue_token(s, account, actor="test")
        s.commit()
        editor_id = account.id
    api = app.test_client()
    bearer = {"Authorization": "Bearer " + token}
    assert api.get("/api/v1/office/dashboard", headers=bearer).status_code == 200
    assert clients["admin"].post(f"/office/admin/accounts/{editor_id}", data={"role": "admin"}).status_code == 303
    for path in ("/office/admin/accounts", "/office/submission/1", "/office/admin/audit", "/office/"):
        response = editor.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/office/account/two-factor", path
    refused = api.get("/api/v1/office/dashboard", headers=bearer)
    assert refused.status_code == 403 and refused.get_json()["error"] == "second_factor_required"
    page = editor.get("/office/account/two-factor")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "otpauth://totp/" in body and "/office/admin/accounts" not in body
    secret = _enrol_secret(body)
    assert editor.post("/office/account/two-factor", data={"code": "000000", "current_password": PASSWORD}
                       ).status_code == 400
    assert editor.get("/office/admin/accounts").status_code == 302  # still not enrolled
    done = editor.post("/office/account/two-factor", data={"code": pyotp.TOTP(secret).now(),
                                                           "current_password": PASSWORD})
    assert done.status_code == 200 and done.get_data(as_text=True).count("<li><code>") == 10
    assert _secret(office, "editor") == secret
    assert editor.get("/office/admin/accounts").status_code == 200  # this session now counts as two-factor
    assert api.get("/api/v1/office/dashboard", headers=bearer).status_code == 200


def test_staff_may_enrol_for_two_factor_on_the_web(app, office, accounts, clients):
    """Optional for viewers and editors: enrolled, the next sign-in asks for the code."""
    viewer = clients["viewer"]
    page = viewer.get("/office/account/two-factor").get_data(as_text=True)
    secret = _enrol_secret(page)
    assert _enrol_secret(viewer.get("/office/account/two-factor").get_data(as_text=True)) == secret  # same key
    assert _secret(office, "viewer") is None
    done = viewer.post("/office/account/two-factor", data={"code": pyotp.TOTP(secret).now(),
                                                           "current_password": PASSWORD})
    codes = re.findall(r"<li><code>([^<]+)</code>", done.get_data(as_text=True))
    assert done.status_code == 200 and len(codes) == 10 and _secret(office, "viewer") == secret
    assert viewer.get("/office/").status_code == 200
    assert 'id="two-factor-on"' in viewer.get("/office/account/two-factor").get_data(as_text=True)
    again = _client(app, "198.51.100.31")
    assert again.post("/office/login", data={"username": "viewer", "password": PASSWORD}).headers[
        "Location"].endswith("/office/login/code")
    assert again.post("/office/login/code", data={"code": codes[0]}).status_code == 302
    assert again.get("/office/").status_code == 200


def test_admin_created_on_the_web_gets_an_enrolment(clients, office):
    page = clients["admin"].post("/office/admin/accounts", data={
        "username": "deputy", "password": "amber river lantern seven", "role": "admin"})
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "otpauth://totp/" in body and body.count("<li><code>") == 10
    assert _secret(office, "deputy")


# ----------------------------------------------------------------- redirects after sign-in
@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/%09/evil.example",
                                    "/office/%0a", "/\\evil.example", "/draft"])
def test_sign_in_never_redirects_off_the_office(app, accounts, target):
    response = login(_client(app, "198.51.100.29"), "viewer", next=target)
    assert response.status_code == 302 and response.headers["Location"] == "/office/"


def test_sign_in_follows_an_office_path(app, accounts):
    response = login(_client(app, "198.51.100.30"), "admin", next="/office/node/art-3")
    assert response.status_code == 302 and response.headers["Location"] == "/office/node/art-3"
