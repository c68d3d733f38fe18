"""Per-user limits on what people send the bots (Telegram, WeChat), keyed by the platform's user id.

The counters are kept by the `limits` library (the storage Flask-Limiter uses for the web's limits,
web/limits.py): in Redis when REDIS_URL is set, so every bot and web process and host shares them (a
WeChat user's messages reach any web worker); without Redis in this process's memory, the limit then
divided between the processes that may take the same user's messages (the web workers, for WeChat).

RATE_LIMIT_BOT holds the limit (a Flask-Limiter rate string, default DEFAULT below); RATELIMIT_ENABLED=false,
the switch of the web's limits, turns it off too (benchmarks, demonstrations). Over the limit a message
is not handled: the person gets one localized notice (MSG_LIMITED, with the wait) and, until a quiet
period has passed, nothing more, so a flood does not turn into a flood of notices.

Redis unreachable: the counts fall back to this process's memory (the limit divided as without Redis), as
the web's limits do: the first message that meets the outage waits one short timeout at most, then none
while this process knows Redis unreachable, and a thread of the process pings it every BACKOFF seconds (real
clock) to count there again (consultation/intake/windows.py, Reachability): a limiter must not stop the
bots answering, nor slow them.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import parse, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from consultation.i18n import N_
from consultation.intake import counters
from consultation.intake.windows import CONNECT_TIMEOUT, READ_TIMEOUT, UNREACHABLE, reachability


DEFAULT = "30/minute;300/hour"
NOTICE_EVERY = "1/30 seconds"  # at most one "too many messages" notice per user in this time
MSG_LIMITED = N_("You have sent too many messages in a short time. Please wait %(minutes)d minutes and try again.")




@dataclass(frozen=True)
class LimitVerdict:
    """`action`: "ok" to handle; "notice" to drop with MSG_LIMITED; "drop" to drop silently.
    `wait`: seconds until the limit lets a message through again."""

    action: str
    wait: float = 0.0

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.wait / 60))


class UserLimiter:
    """`check(user_id)` for one platform. `redis_url` None keeps the counts in this process."""

    def __init__(self, platform: str, *, value: str | None = None, redis_url: str | None = None,
                 workers: int = 1, prefix: str = "consult", active: bool = True):
        self.platform, self.prefix, self.active = platform, f"{prefix}-bot", active
        self.items = parse_many(counters.divided(value or DEFAULT, 1 if redis_url else workers))
        self.notice = parse(NOTICE_EVERY)
        if redis_url:  # short timeouts: a Redis that does not answer holds a message a fraction of a second
            storage = storage_from_string(redis_url, socket_connect_timeout=CONNECT_TIMEOUT,
                                          socket_timeout=READ_TIMEOUT)
        else:
            storage = storage_from_string(counters.URI)
        self.limiter = MovingWindowRateLimiter(storage)
        # While Redis is unreachable: this process's counts, each limit divided as without Redis.
        self._local = (MovingWindowRateLimiter(storage_from_string(counters.URI)),
                       parse_many(counters.divided(value or DEFAULT, workers))) if redis_url else None
        self._reach = reachability(redis_url) if redis_url else None

    @classmethod
    def from_settings(cls, platform: str, config, redis_url: str | None, workers: int = 1) -> "UserLimiter":
        """From a mapping of settings (os.environ, or a Flask app's config over it)."""
        return cls(platform, value=config.get("RATE_LIMIT_BOT") or None, redis_url=redis_url, workers=workers,
                   prefix=config.get("RATELIMIT_KEY_PREFIX") or "consult",
                   active=counters.enabled(config.get("RATELIMIT_ENABLED", "true")))

    def check(self, user_id) -> LimitVerdict:
        if not self.active:
            return LimitVerdict("ok")
        if self._local is None:
            return self._check(self.limiter, self.items, user_id)
        if self._reach.down:
            return self._check(*self._local, user_id)
        try:
            return self._check(self.limiter, self.items, user_id)
        except UNREACHABLE as exc:
            self._reach.lost(exc)  # logged there, once per outage
            return self._check(*self._local, user_id)

    def _check(self, limiter, items, user_id) -> LimitVerdict:
        ids = (self.prefix, self.platform, str(user_id))
        over = [item for item in items if not limiter.test(item, *ids)]
        if not over:
            for item in items:
                limiter.hit(item, *ids)
            return LimitVerdict("ok")
        wait = max(limiter.get_window_stats(item, *ids).reset_time for item in over) - time.time()
        if limiter.hit(self.notice, self.prefix + "-notice", self.platform, str(user_id)):
            return LimitVerdict("notice", wait)
        return LimitVerdict("drop", wait)
