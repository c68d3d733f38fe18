"""Per-user rate limits on WeChat input (issue 13: volume), through the real /wechat route: over
RATE_LIMIT_BOT a user gets one localized notice with the wait, then silence; other users are not
slowed; a platform retry does not count again; with Redis, every web worker shares the count."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from bot.core.ratelimit import UserLimiter
from bot.wechat.models import WeChatInbound

from .conftest import APPID, TOKEN, _app
from .simulator import WeChatServer

REDIS = "redis://127.0.0.1:6379/0"
NOTICE = "您发送的消息过多"


@pytest.fixture
def limited_app(services, platform):
    app = _app(services, platform, WECHAT_ALLOW_PLAIN="true", RATE_LIMIT_BOT="3/hour", WEB_WORKERS=1,
               RATELIMIT_ENABLED=True, RATELIMIT_KEY_PREFIX=f"t{uuid.uuid4().hex}")
    yield app
    app.extensions["wechat"].close()


def test_a_flood_from_one_user_gets_one_notice_then_silence(limited_app, services):
    server = WeChatServer(limited_app.test_client(), token=TOKEN, appid=APPID)
    answers = [server.say("o-flood", "帮助", msg_id=7000 + i) for i in range(6)]
    assert all(a.status == 200 for a in answers)
    assert all(NOTICE not in a.content for a in answers[:3])  # handled: the help text
    assert NOTICE in answers[3].content and "60分钟" in answers[3].content
    assert [a.is_success for a in answers[4:]] == [True, True]  # silence, not a flood of notices
    # The platform retrying the limited message gets the same notice, and is not counted again.
    assert NOTICE in server.say("o-flood", "帮助", msg_id=7003).content
    other = server.say("o-other", "帮助", msg_id=7100)
    assert NOTICE not in other.content
    with services.session() as s:
        assert s.scalar(select(func.count()).select_from(WeChatInbound)) == 7  # each recorded, none lost


def test_ratelimit_enabled_false_turns_it_off(services, platform):
    app = _app(services, platform, WECHAT_ALLOW_PLAIN="true", RATE_LIMIT_BOT="1/hour", RATELIMIT_ENABLED=False,
               RATELIMIT_KEY_PREFIX=f"t{uuid.uuid4().hex}")
    try:
        server = WeChatServer(app.test_client(), token=TOKEN, appid=APPID)
        assert all(NOTICE not in server.say("o-bench", "帮助", msg_id=7200 + i).content for i in range(3))
    finally:
        app.extensions["wechat"].close()


def test_in_memory_the_limit_is_divided_between_the_workers(services, platform):
    app = _app(services, platform, WECHAT_ALLOW_PLAIN="true", RATE_LIMIT_BOT="4/hour", WEB_WORKERS=2,
               RATELIMIT_ENABLED=True, RATELIMIT_KEY_PREFIX=f"t{uuid.uuid4().hex}")
    try:
        server = WeChatServer(app.test_client(), token=TOKEN, appid=APPID)
        answers = [server.say("o-worker", "帮助", msg_id=7300 + i).content for i in range(3)]
        assert [NOTICE in a for a in answers] == [False, False, True]  # 4 per hour over 2 workers: 2 each
    finally:
        app.extensions["wechat"].close()


def test_two_workers_share_the_count_through_redis(services, platform):
    """Two apps stand for two web worker processes: each has its own runtime and its own connection to
    Redis; the user's messages spread over both are counted once."""
    prefix = f"t{uuid.uuid4().hex}"
    apps = [_app(services, platform, WECHAT_ALLOW_PLAIN="true") for _ in range(2)]
    try:
        for app in apps:
            app.extensions["wechat"].limiter = UserLimiter("wechat", value="3/hour", redis_url=REDIS, prefix=prefix)
        one, two = (WeChatServer(app.test_client(), token=TOKEN, appid=APPID) for app in apps)
        answers = [one.say("o-shared", "帮助", msg_id=7400), two.say("o-shared", "帮助", msg_id=7401),
                   one.say("o-shared", "帮助", msg_id=7402), two.say("o-shared", "帮助", msg_id=7403)]
        assert [NOTICE in a.content for a in answers] == [False, False, False, True]
    finally:
        for app in apps:
            app.extensions["wechat"].close()
