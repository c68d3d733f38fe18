"""Requests to /wechat that fail its checks are counted per client address and logged once a window (attack
round 13, F5).

1,500 POSTs with a wrong signature from one address in 4.4 s all got 403, none 429, and each wrote `wechat:
refused POST: bad signature` to the log (1,701 lines after the run). Now every refusal (a wrong or missing
signature, a stale timestamp, a wrong msg_signature, a replayed timestamp and nonce) counts against
RATE_LIMIT_WECHAT_MISS for the client address, as receipt-link misses count against theirs (web/limits.py):
429 with Retry-After past it; a right signature is never counted nor refused; one log line per address per
the limit's shortest window. In memory and in Redis (REDIS_URL, else db 14), on SQLite and PostgreSQL.
"""
from __future__ import annotations

import logging
import os
import time
import uuid

import pytest

from tests.limit_storage import storage_uri

from .conftest import APPID, TOKEN, _app
from .simulator import WeChatServer

REDIS = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
LOGGER = "bot.wechat.views"


def _limited(services, platform, kind: str, **extra):
    settings = {"WECHAT_ALLOW_PLAIN": "true", "RATELIMIT_ENABLED": True, "RATE_LIMIT_WECHAT_MISS": "3/minute;5/hour",
                "RATELIMIT_STORAGE_URI": storage_uri(kind, REDIS), "RATELIMIT_KEY_PREFIX": f"t{uuid.uuid4().hex}",
                "WEB_WORKERS": 1, **extra}
    return _app(services, platform, **{k: v for k, v in settings.items() if v is not None})


@pytest.fixture(params=["memory", "redis"])
def app(request, services, platform):
    app = _limited(services, platform, request.param)
    yield app
    app.extensions["wechat"].close()


def _bad(client, address="203.0.113.7", **query):
    query = {"signature": "x", "timestamp": "1", "nonce": uuid.uuid4().hex, **query}
    return client.post("/wechat", query_string=query, data=b"<xml/>", content_type="text/xml",
                       environ_base={"REMOTE_ADDR": address})


def _refusals(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and "refused" in r.getMessage()]


def test_bad_signatures_are_limited_per_address_and_logged_once(app, caplog):
    client = app.test_client()
    caplog.set_level(logging.WARNING, logger=LOGGER)
    statuses = [_bad(client).status_code for _ in range(3)]
    assert statuses == [403, 403, 403]
    over = _bad(client)
    assert over.status_code == 429 and 0 < int(over.headers["Retry-After"]) <= 60
    assert [_bad(client).status_code for _ in range(20)] == [429] * 20
    assert _bad(client, "198.51.100.9").status_code == 403  # another address has its own count
    lines = _refusals(caplog)
    assert len(lines) == 2, lines  # one per address for the window, not one per request
    assert "203.0.113.7" in lines[0] and "bad signature" in lines[0] and "60 s" in lines[0]
    # WeChat itself (a right signature, from the limited address) is neither counted nor refused.
    server = WeChatServer(app.test_client(), token=TOKEN, appid=APPID)
    server.client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    assert server.say("o-miss", "帮助").status == 200
    assert server.verify("echo-7").get_data(as_text=True) == "echo-7"


def test_every_kind_of_refusal_counts(app):
    """A stale timestamp, a missing signature, a wrong verification GET and a replayed timestamp and nonce with
    another body: each a miss of the same count."""
    client = app.test_client()
    server = WeChatServer(client, token=TOKEN, appid=APPID)
    addr = {"REMOTE_ADDR": "192.0.2.44"}
    stale = server._query(timestamp=str(int(time.time()) - 3600))
    assert client.post("/wechat", query_string=stale, data=b"<xml/>", environ_base=addr).status_code == 403
    assert client.get("/wechat", query_string={"echostr": "x"}, environ_base=addr).status_code == 403
    query = server._query()
    first = server.text_xml("o-replay", "帮助", msg_id=4401).encode()
    assert client.post("/wechat", query_string=query, data=first, content_type="text/xml",
                       environ_base=addr).status_code == 200
    forged = server.text_xml("o-other", "我的回执", msg_id=4402).encode()
    assert client.post("/wechat", query_string=query, data=forged, content_type="text/xml",
                       environ_base=addr).status_code == 403
    assert _bad(client, "192.0.2.44").status_code == 429  # the fourth miss: 3/minute


def test_a_wrong_msg_signature_counts_in_safe_mode(services, platform, aes_key):
    app = _limited(services, platform, "memory", WECHAT_ALLOW_PLAIN=None, WECHAT_AES_KEY=aes_key)
    try:
        server = WeChatServer(app.test_client(), token=TOKEN, appid=APPID, aes_key=aes_key)
        answers = [server.post(server.event_xml("o-safe-miss", "subscribe"), bad_msg_signature=True).status
                   for _ in range(4)]
        assert answers == [403, 403, 403, 429]
    finally:
        app.extensions["wechat"].close()


def test_with_the_limits_off_nothing_is_refused_but_the_log_stays_quiet(services, platform, caplog):
    app = _limited(services, platform, "memory", RATELIMIT_ENABLED=False)
    try:
        caplog.set_level(logging.WARNING, logger=LOGGER)
        client = app.test_client()
        assert {_bad(client).status_code for _ in range(30)} == {403}
        assert len(_refusals(caplog)) == 1
    finally:
        app.extensions["wechat"].close()
