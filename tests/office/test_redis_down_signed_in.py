"""Redis down with an office session cookie (attack 5, N3): the member's request fails reading the session
from Redis, and the documented 503 page then read it again to show the member (staff_globals), so the
error handler itself raised and every office page, sign-in and sign-out answered 500. Now the 503 page is
rendered as nobody's: 503, Retry-After and the localized message (the sign-in form itself may render, as it
does without a cookie), and so are the office's other error pages."""
from __future__ import annotations

import pytest

from consultation.expiring import RedisStore
from tests.serving import free_port

from .conftest import csrf_token, login


@pytest.fixture
def redis_down(office, monkeypatch):
    """The services' session store on a Redis URL whose port nothing listens on."""
    monkeypatch.setattr(office, "keys", RedisStore(f"redis://127.0.0.1:{free_port()}/0"))


@pytest.mark.parametrize("method,path", [("get", "/office/"), ("get", "/office/admin/window"),
                                         ("get", "/office/search?q=x"), ("get", "/office/login"),
                                         ("post", "/office/logout")])
def test_signed_in_member_gets_503_with_retry_after_not_500(clients, redis_down, method, path):
    client = clients["admin"]  # signed in before the outage: its session cookie is sent
    response = getattr(client, method)(path, headers={"Accept-Language": "zh-CN"})
    if path == "/office/login" and response.status_code == 200:
        return  # the form, as for anyone without a session (tests/test_redis_outage.py); sending it is 503
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert int(response.headers["Retry-After"]) > 0
    assert "暂时无法使用" in response.get_data(as_text=True)


@pytest.fixture
def csrf_app(office, accounts):
    from web import create_app

    return create_app(office, TESTING=True, RATELIMIT_ENABLED=False)


def test_error_pages_of_a_signed_in_member_render_without_redis(csrf_app, office, monkeypatch):
    """Other error pages of the office read the member too (the form's expired token, a missing page)."""
    client = csrf_app.test_client()
    token = csrf_token(client.get("/office/login").get_data(as_text=True))
    assert login(client, "editor", csrf_token=token).status_code == 302
    token = csrf_token(client.get("/office/").get_data(as_text=True))
    monkeypatch.setattr(office, "keys", RedisStore(f"redis://127.0.0.1:{free_port()}/0"))
    no_token = client.post("/office/logout", headers={"Accept-Language": "zh-CN"})
    assert no_token.status_code == 400  # the expired-form page, as for anyone
    assert client.get("/office/no-such-page").status_code == 404
    signed = client.post("/office/logout", data={"csrf_token": token}, headers={"Accept-Language": "zh-CN"})
    assert signed.status_code == 503 and int(signed.headers["Retry-After"]) > 0
