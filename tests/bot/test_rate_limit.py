"""The bots' per-user limiter (bot/core/ratelimit.py) on its own: keyed per platform and user id, shared
between processes through Redis, per process without it."""
from __future__ import annotations

import uuid

import pytest

from bot.core.ratelimit import UserLimiter

REDIS = "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize("platform", ["telegram", "wechat"])
def test_two_processes_share_one_count_in_redis(platform):
    prefix = f"t{uuid.uuid4().hex}"
    # Two limiters with their own connections, as two processes (bot and bot, or two web workers) have.
    one, two = (UserLimiter(platform, value="3/minute", redis_url=REDIS, prefix=prefix) for _ in range(2))
    verdicts = [one.check(42), two.check(42), one.check(42), two.check(42), one.check(42)]
    assert [v.action for v in verdicts] == ["ok", "ok", "ok", "notice", "drop"]
    assert 0 < verdicts[3].wait <= 60 and verdicts[3].minutes == 1
    assert one.check(43).action == "ok"  # per user
    other_platform = UserLimiter("wechat" if platform == "telegram" else "telegram", value="3/minute",
                                 redis_url=REDIS, prefix=prefix)
    assert other_platform.check(42).action == "ok"  # per platform: user ids of two platforms never mix


def test_without_redis_each_process_counts_alone():
    one, two = (UserLimiter("telegram", value="2/minute") for _ in range(2))
    assert [one.check(7).action for _ in range(3)] == ["ok", "ok", "notice"]
    assert two.check(7).action == "ok"


def test_the_switch_turns_it_off():
    limiter = UserLimiter.from_settings("telegram", {"RATE_LIMIT_BOT": "1/hour", "RATELIMIT_ENABLED": "false"}, None)
    assert [limiter.check(7).action for _ in range(3)] == ["ok"] * 3
    on = UserLimiter.from_settings("telegram", {"RATE_LIMIT_BOT": "1/hour"}, None)
    assert [on.check(7).action for _ in range(2)] == ["ok", "notice"]


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("platform", ["telegram", "wechat"])
def test_with_redis_unreachable_the_bots_count_in_memory_and_keep_answering(platform, caplog):
    """Redis down (a URL on a port nobody listens on): the messages are still handled, counted in this
    process's memory with the limit divided as without Redis, and the outage is logged once, not per message."""
    limiter = UserLimiter(platform, value="4/minute", redis_url=f"redis://127.0.0.1:{_closed_port()}/0", workers=2)
    with caplog.at_level("WARNING", logger="bot.core.ratelimit"):
        verdicts = [limiter.check(9).action for _ in range(4)]
    assert verdicts == ["ok", "ok", "notice", "drop"]  # 4/minute divided between 2 workers
    assert limiter.check(10).action == "ok"  # per user still
    assert sum("Redis unreachable" in r.getMessage() for r in caplog.records) == 1
