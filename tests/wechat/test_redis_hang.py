"""The WeChat endpoint with a Redis that stops answering (attack 6, F2): its nonce cache needs Redis, so it
answers 503; the first message that meets the hang waits one short timeout, the next ones none while the
process knows Redis unreachable, and it answers again once the background ping finds Redis back."""
from __future__ import annotations

import time
import uuid

from consultation.expiring import RedisStore
from consultation.intake import windows

from .conftest import APPID, TOKEN, _app
from .simulator import WeChatServer


def test_a_hung_redis_makes_the_endpoint_answer_503_at_once(services, platform, scratch_redis, monkeypatch):
    scratch_redis.start()
    monkeypatch.setattr(windows, "BACKOFF", 0.5)
    # The store first: what monkeypatch puts back is the one built before REDIS_URL is set (the database's).
    monkeypatch.setattr(services, "keys", RedisStore(scratch_redis.url, f"hang-{uuid.uuid4().hex}:"))
    monkeypatch.setattr(services.settings, "redis_url", scratch_redis.url)
    app = _app(services, platform, WECHAT_ALLOW_PLAIN="true", RATELIMIT_ENABLED=True, WEB_WORKERS=1,
               RATELIMIT_KEY_PREFIX=f"t{uuid.uuid4().hex}")
    try:
        server = WeChatServer(app.test_client(), token=TOKEN, appid=APPID)
        assert server.say("o-hang", "帮助", msg_id=8000).status == 200
        scratch_redis.stop()
        times = []
        for i in range(4):
            start = time.monotonic()
            assert server.say("o-hang", "帮助", msg_id=8001 + i).status == 503
            times.append(round(time.monotonic() - start, 3))
        assert times[0] < windows.CONNECT_TIMEOUT + windows.READ_TIMEOUT + 1.0, times
        assert all(t < 0.8 * windows.READ_TIMEOUT for t in times[1:]), times
        scratch_redis.resume()
        deadline = time.monotonic() + 10 * windows.BACKOFF + windows.READ_TIMEOUT
        while (answer := server.say("o-hang", "帮助", msg_id=8100)).status != 200:
            assert time.monotonic() < deadline, answer
            time.sleep(0.05)
    finally:
        scratch_redis.resume()
        app.extensions["wechat"].close()
