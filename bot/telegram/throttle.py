"""Per-user flood control: a token bucket, and one polite warning per quiet period."""
from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    warned_at: float = -1e9


class Throttle:
    def __init__(self, rate: float = 1.0, burst: int = 10, warn_every: float = 10.0, clock=time.monotonic):
        self.rate, self.burst, self.warn_every, self.clock = rate, burst, warn_every, clock
        self._buckets: dict[int, _Bucket] = {}

    def check(self, user_id: int) -> str:
        """'ok' to handle, 'warn' to drop with a polite message, 'drop' to drop silently."""
        now = self.clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) > 100_000:
                self._buckets.clear()
            bucket = self._buckets[user_id] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return "ok"
        if now - bucket.warned_at >= self.warn_every:
            bucket.warned_at = now
            return "warn"
        return "drop"
