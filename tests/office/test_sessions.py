"""Server-side sessions (issue 13, item 6): signing out, a password change and 30 idle minutes end a
session for real, the cookie carries nothing of the password hash, and HTTPS brings Secure cookies,
HSTS and (behind a trusted proxy) the client's real address."""
from __future__ import annotations

import json
import time
import uuid

import pytest
import redis
from itsdangerous import base64_decode
from sqlalchemy import select

from consultation.expiring import RedisStore
from consultation.office.accounts import issue_token
from consultation.office.models import StaffAccount
from tests.staff import PASSWORD, login
from web import create_app
from web.office import sessions

NEW_PASSWORD = "amber river lantern seven"


@pytest.fixture(params=["database", "redis"])
def keys(request, office):
    """The key store behind the sessions: the database (embedded default) or Redis (REDIS_URL)."""
    if request.param == "database":
        yield office.keys
        return
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    namespace = f"test13b:{uuid.uuid4().hex}:"
    store = RedisStore(url, namespace)
    office.__dict__["keys"] = store
    yield store
    del office.__dict__["keys"]
    store.delete_prefix("")


def _copy_cookie(app, source, target):
    name = app.config["SESSION_COOKIE_NAME"]
    target.set_cookie(name, source.get_cookie(name).value)


def test_a_copied_cookie_stops_working_after_sign_out(app, accounts, keys):
    browser, thief = app.test_client(), app.test_client()
    assert login(browser, "admin").status_code == 302
    _copy_cookie(app, browser, thief)
    assert thief.get("/office/admin/accounts").status_code == 200  # the copy works while signed in
    browser.post("/office/logout")
    assert thief.get("/office/admin/accounts").status_code == 302  # and not after sign-out
    assert thief.get("/office/").headers["Location"].startswith("/office/login")


def test_a_password_change_ends_the_other_sessions(app, office, accounts, keys):
    phone, laptop = app.test_client(), app.test_client()
    for c in (phone, laptop):
        assert login(c, "editor").status_code == 302
    changed = laptop.post("/office/account/password", data={"current_password": PASSWORD, "password": NEW_PASSWORD})
    assert changed.status_code == 303
    assert laptop.get("/office/").status_code == 200  # the browser that changed it goes on
    assert phone.get("/office/").status_code == 302
    assert login(app.test_client(), "editor", NEW_PASSWORD).status_code == 302
    weak = laptop.post("/office/account/password", data={"current_password": NEW_PASSWORD, "password": "1234567890"})
    assert weak.status_code == 400


def test_a_password_change_on_the_page_revokes_the_accounts_bearer_tokens(app, office, accounts):
    with office.session() as s:
        secret = issue_token(s, s.scalar(select(StaffAccount).where(StaffAccount.username == "editor")), actor="t")
        s.commit()
    bearer = {"Authorization": "Bearer " + secret}
    assert app.test_client().get("/api/v1/office/dashboard", headers=bearer).status_code == 200
    laptop = app.test_client()
    assert login(laptop, "editor").status_code == 302
    assert laptop.post("/office/account/password",
                       data={"current_password": PASSWORD, "password": NEW_PASSWORD}).status_code == 303
    assert app.test_client().get("/api/v1/office/dashboard", headers=bearer).status_code == 401
    assert "您的 API 令牌已全部撤销" in laptop.get("/office/").get_data(as_text=True)  # and the person is told


def test_idle_sessions_end_on_the_real_clock(app, accounts, keys, monkeypatch):
    monkeypatch.setattr(sessions, "IDLE", 1)
    monkeypatch.setattr(sessions, "TOUCH_EVERY", 0)
    client = app.test_client()
    login(client, "viewer")
    assert client.get("/office/").status_code == 200
    time.sleep(1.3)
    assert client.get("/office/").status_code == 302


def test_activity_keeps_a_session_alive_up_to_its_absolute_limit(app, accounts, keys, monkeypatch):
    client = app.test_client()
    login(client, "viewer")
    monkeypatch.setattr(sessions, "ABSOLUTE", 0)
    assert client.get("/office/").status_code == 302


def test_the_cookie_carries_an_id_and_nothing_of_the_password(app, office, accounts):
    client = app.test_client()
    login(client, "admin")
    raw = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    payload = raw.split(".")[0]
    data = json.loads(base64_decode(payload))
    with office.session() as s:
        password_hash = s.scalar(select(StaffAccount.password_hash).where(StaffAccount.username == "admin"))
    assert set(data) <= {"office_sid", "csrf_token", "_flashes"}
    for i in range(len(password_hash) - 8):
        assert password_hash[i:i + 8] not in raw


def test_https_gives_secure_cookies_and_hsts(app, accounts):
    secure = app.test_client()
    response = secure.post("/office/login", data={"username": "viewer", "password": PASSWORD},
                           base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    plain = app.test_client().post("/office/login", data={"username": "viewer", "password": PASSWORD})
    assert "Secure" not in plain.headers["Set-Cookie"] and "Strict-Transport-Security" not in plain.headers


def test_proxy_headers_count_only_with_trust_proxy(office, accounts):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.50"}
    untrusting = create_app(office, TESTING=True, WTF_CSRF_ENABLED=False, TRUST_PROXY="", RATELIMIT_ENABLED=False)
    response = untrusting.test_client().get("/office/login", headers=forwarded)
    assert "Strict-Transport-Security" not in response.headers
    trusting = create_app(office, TESTING=True, WTF_CSRF_ENABLED=False, TRUST_PROXY="1", RATELIMIT_ENABLED=False)
    client = trusting.test_client()
    response = client.post("/office/login", data={"username": "viewer", "password": PASSWORD}, headers=forwarded)
    assert "Secure" in response.headers["Set-Cookie"] and "Strict-Transport-Security" in response.headers
    # The sign-in throttle sees the forwarded address: locking it leaves the proxy's own address free.
    for _ in range(5):
        client.post("/office/login", data={"username": "viewer", "password": "wrong wrong wrong"}, headers=forwarded)
    assert client.post("/office/login", data={"username": "viewer", "password": PASSWORD},
                       headers=forwarded).status_code == 429
    assert client.post("/office/login", data={"username": "viewer", "password": PASSWORD},
                       headers={"X-Forwarded-For": "192.0.2.51"}).status_code == 302


def test_pages_with_personal_data_are_never_cached(clients, office):
    for path in ("/office/", "/office/admin/accounts", "/office/login"):
        assert clients["admin"].get(path).headers["Cache-Control"] == "no-store"
