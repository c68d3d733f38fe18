"""Per-user limits on what people send the bots (Telegram, WeChat), keyed by the platform's user id.

The counters are kept by the `limits` library (the storage Flask-Limiter uses for the web's limits,
web/limits.py): in Redis when REDIS_URL is set, so every bot and web process and host shares them (a
WeChat user's messages reach any web worker); without Redis in this process's memory, the limit then
divided between the processes that may take the same user's messages (the web workers, for WeChat).

RATE_LIMIT_BOT holds the limit (a Flask-Limiter rate string, default DEFAULT below); RATELIMIT_ENABLED=false,
the switch of the web's limits, turns it off too (benchmarks, demonstrations). Over the limit a message
is not handled: the person gets one localized notice (MSG_LIMITED, with the wait) and, until a quiet
period has passed, nothing more, so a flood does not turn into a flood of notices.
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
        self.limiter = MovingWindowRateLimiter(storage_from_string(redis_url or counters.URI))

    @classmethod
    def from_settings(cls, platform: str, config, redis_url: str | None, workers: int = 1) -> "UserLimiter":
        """From a mapping of settings (os.environ, or a Flask app's config over it)."""
        return cls(platform, value=config.get("RATE_LIMIT_BOT") or None, redis_url=redis_url, workers=workers,
                   prefix=config.get("RATELIMIT_KEY_PREFIX") or "consult",
                   active=counters.enabled(config.get("RATELIMIT_ENABLED", "true")))

    def check(self, user_id) -> LimitVerdict:
        if not self.active:
            return LimitVerdict("ok")
        ids = (self.prefix, self.platform, str(user_id))
        over = [item for item in self.items if not self.limiter.test(item, *ids)]
        if not over:
            for item in self.items:
                self.limiter.hit(item, *ids)
            return LimitVerdict("ok")
        wait = max(self.limiter.get_window_stats(item, *ids).reset_time for item in over) - time.time()
        if self.limiter.hit(self.notice, self.prefix + "-notice", self.platform, str(user_id)):
            return LimitVerdict("notice", wait)
        return LimitVerdict("drop", wait)
