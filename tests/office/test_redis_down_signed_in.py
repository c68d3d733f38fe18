"""Redis down with an office session cookie (attack 5, N3): the member's request fails reading the session
from Redis, and the documented 503 page then read it again to show the member (staff_globals), so the
error handler itself raised and every office page, sign-in and sign-out answered 500. Now the 503 page is
rendered as nobody's: 503, Retry-After and the localized message."""
from __future__ import annotations

import pytest

from consultation.expiring import RedisStore
from tests.serving import free_port


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
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert int(response.headers["Retry-After"]) > 0
    assert "暂时无法使用" in response.get_data(as_text=True)
