"""A Redis that stops answering without refusing connections (attack 6, F2: a stopped server, a black-holed
network): every re-probe used to hold one public request for three read timeouts (6 s) and every office
request for one (2 s) before its 503. Now the first call that meets the hang waits one timeout at most,
then no request asks Redis while the process knows it unreachable: the limits count in memory, what needs
Redis answers 503 at once, and a thread pings Redis off the request path to count there again.

A scratch redis-server frozen with SIGSTOP (it accepts connections and never answers); the re-probe
interval shortened so that several fall within the test, on the real clock as in production."""
from __future__ import annotations

import time
import uuid

import pytest

from consultation.expiring import RedisStore
from consultation.intake import windows
from tests.conftest import sample_payload
from tests.staff import create_staff, login

# A request that did not wait on Redis takes milliseconds here; one that waited a read timeout takes at
# least READ_TIMEOUT. Bounds from the timeouts, with room for a loaded test machine.
WAITED = 0.8 * windows.READ_TIMEOUT  # at or above this, the request waited on Redis
BOUND = windows.CONNECT_TIMEOUT + windows.READ_TIMEOUT + 1.0  # no request takes longer than one wait


def _payload(i: int) -> dict:
    payload = sample_payload()
    payload["comments"][0]["reason"] = f"理由 {i}：Redis 停止应答时（{uuid.uuid4().hex[:8]}）。"
    payload["submitter"]["email"] = f"hang{i}@example.com"
    payload["submitter"]["phone"] = f"1390014{i:04d}"
    return payload


@pytest.fixture
def hung(office, scratch_redis, monkeypatch):
    """(app, Redis client, key prefix): the app's limits, sessions and throttles in the scratch Redis."""
    from web import create_app

    client = scratch_redis.start()
    prefix = f"hang-{uuid.uuid4().hex}"
    monkeypatch.setattr(windows, "BACKOFF", 0.5)
    # The store first: what monkeypatch puts back is the one built before REDIS_URL is set (the database's).
    monkeypatch.setattr(office, "keys", RedisStore(scratch_redis.url, f"{prefix}:"))
    monkeypatch.setattr(office.settings, "redis_url", scratch_redis.url)
    app = create_app(office, TESTING=True, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True,
                     RATELIMIT_KEY_PREFIX=prefix, WEB_WORKERS=1, RATE_LIMIT_ASK="1000/minute",
                     RATE_LIMIT_FEEDBACK="1000/minute", RATE_LIMIT_CONTACT="1000/hour")
    create_staff(office, "hung-editor", "editor")
    yield app, client, prefix
    scratch_redis.resume()


def _timed(call):
    start = time.monotonic()
    response = call()
    return response, time.monotonic() - start


def _ask_counted(client, prefix: str) -> int:
    return sum(int(client.get(key) or 0) for key in client.scan_iter(f"{prefix}*") if b"/ask/" in key)


@pytest.mark.slow
def test_a_hung_redis_holds_at_most_one_request_and_office_pages_answer_503_at_once(hung, scratch_redis):
    app, client, prefix = hung
    public, office = app.test_client(), app.test_client()
    assert login(office, "hung-editor").status_code == 302  # a session in Redis
    assert office.get("/office/").status_code == 200
    ask = {"question": "县级市能申报吗？"}
    assert public.post("/api/v1/ask", json=ask).status_code == 200
    assert _ask_counted(client, prefix) == 1  # counted in Redis, on a connection now open

    scratch_redis.stop()
    # Public requests over several re-probe intervals: each answered; at most one waited on Redis.
    times = []
    for i in range(12):
        if i % 3 == 2:
            response, took = _timed(lambda: public.post("/api/v1/feedback", json=_payload(i)))
            assert response.status_code == 201, response.get_data(as_text=True)
        else:
            response, took = _timed(lambda: public.post("/api/v1/ask", json=ask))
            assert response.status_code == 200
        times.append(round(took, 3))
        time.sleep(windows.BACKOFF / 2)
    assert max(times) < BOUND, times
    assert sum(t >= WAITED for t in times) <= 1, times

    # What needs Redis answers its localized 503 without waiting on it, signed in or signing in.
    for call in (lambda: office.get("/office/", headers={"Accept-Language": "zh-CN"}),
                 lambda: app.test_client().post("/office/login", data={"username": "hung-editor",
                                                                       "password": "x" * 14},
                                                headers={"Accept-Language": "zh-CN"})):
        response, took = _timed(call)
        assert response.status_code == 503, response.get_data(as_text=True)[:300]
        assert int(response.headers["Retry-After"]) > 0 and "暂时无法使用" in response.get_data(as_text=True)
        assert took < WAITED, took

    scratch_redis.resume()
    client.ping()  # after what was sent to it while it was stopped (the call that timed out)
    counted = _ask_counted(client, prefix)
    # Back: within a re-probe or two the limits count in Redis again, and the session is there.
    deadline = time.monotonic() + 10 * windows.BACKOFF + windows.READ_TIMEOUT
    while _ask_counted(client, prefix) == counted:
        assert time.monotonic() < deadline, "the limits did not go back to Redis"
        assert public.post("/api/v1/ask", json=ask).status_code == 200
        time.sleep(0.05)
    assert office.get("/office/").status_code == 200


def test_an_office_request_that_meets_the_hang_first_spares_the_public_ones(hung, scratch_redis):
    """Sessions and limits share what the process knows of Redis: the office request that met the hang
    waited one timeout, and neither the next office request nor the public ones wait again."""
    app, client, prefix = hung
    public, office = app.test_client(), app.test_client()
    assert login(office, "hung-editor").status_code == 302
    scratch_redis.stop()
    first, took = _timed(lambda: office.get("/office/"))
    assert first.status_code == 503 and took < BOUND, took
    for call in (lambda: office.get("/office/"), lambda: public.post("/api/v1/ask", json={"question": "县级市"})):
        response, took = _timed(call)
        assert response.status_code in (200, 503) and took < WAITED, took
