"""In-process counters for the bots' rate limits (bot/core/ratelimit.py) when there is no Redis, and what
the web's and the bots' limits share: the RATELIMIT_ENABLED reading, the divided limit, the in-memory URI
(the web's counters themselves are in windows.py).

The `limits` library's MemoryStorage drops expired counters on a 10 ms timer thread, and starts a new
thread on the next hit once the last one has run: with requests more than 10 ms apart, nearly every
request started a thread, which made the in-memory limits cost as much CPU as storing the submission
(bench/limits_cost.py). Reads already drop an expired counter (MemoryStorage.get), so the sweep only
frees memory: here it runs inline, at most once a minute, and never starts a thread.
Selected with the storage URI `consult-memory://` (limits registers a storage class by its scheme).
"""
from __future__ import annotations

import math
import time

from limits import parse_many
from limits.storage import MemoryStorage

URI = "consult-memory://"


def enabled(value) -> bool:
    """RATELIMIT_ENABLED's reading, for the web limits and the bots' alike."""
    return str(value).strip().lower() not in ("0", "false", "no", "off")


def divided(value: str, workers: int) -> str:
    """Each limit of `value` split between `workers` in-memory counters (at least 1 per worker): without
    Redis each process counts alone, so the service as a whole limits approximately."""
    parts = []
    for item in parse_many(value):
        amount = max(1, math.floor(item.amount / workers)) if workers > 1 else item.amount
        parts.append(f"{amount}/{item.multiples} {item.GRANULARITY.name}")
    return ";".join(parts)
SWEEP_EVERY = 60.0  # seconds


class InlineExpiryMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["consult-memory"]

    def __init__(self, uri: str | None = None, **options):
        super().__init__(uri, **options)
        self._swept = time.monotonic()

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the timer thread of the base class
        now = time.monotonic()
        if now - self._swept >= SWEEP_EVERY:
            self._swept = now
            self._MemoryStorage__expire_events()
