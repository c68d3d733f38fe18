"""In-process counters for the rate limits (web/limits.py, bot/core/ratelimit.py) when there is no Redis.

The `limits` library's MemoryStorage drops expired counters on a 10 ms timer thread, and starts a new
thread on the next hit once the last one has run: with requests more than 10 ms apart, nearly every
request started a thread, which made the in-memory limits cost as much CPU as storing the submission
(bench/limits_cost.py). Reads already drop an expired counter (MemoryStorage.get), so the sweep only
frees memory: here it runs inline, at most once a minute, and never starts a thread.
Selected with the storage URI `consult-memory://` (limits registers a storage class by its scheme).
"""
from __future__ import annotations

import time

from limits.storage import MemoryStorage

URI = "consult-memory://"
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
