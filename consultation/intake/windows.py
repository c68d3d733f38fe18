"""Fixed-window request counters for the web's rate limits (web/limits.py): every counter of a request
tested, and added to when none is full, in one step.

Through the `limits` library each counter cost two storage calls per request (a test, then a hit), each
building its key again; a submission has six counters (two per client address, two per contact field),
so with Redis that was twelve round trips, and in memory the calls and their keys were most of the limits'
CPU per request (bench/limits_cost.py, bench/README.md). Here one call tests them all and, only if none is
full, adds to them all: in Redis one script (one round trip, atomic, so processes racing at the limit
cannot both pass it), in memory one dict under one lock, one entry per counter for all its windows.

The counting is the `limits` library's fixed window (Flask-Limiter's default strategy): a counter starts
with its first request and expires `seconds` later. `acquire` answers None (go on) or, refused, the seconds
until the full window that ends last ends (Retry-After) and the name of its counter (what the 429 says).
`release` gives back what `acquire` added for a request that, in the end, does not count (a per-contact
counter counts stored submissions only): counted before the view and given back when it stored nothing, a
submission costs one call (one Redis round trip), not two.

Redis unreachable (a restart, a failover, a wrong URL, or a server that stops answering: stopped, a
black-holed network) must not take the service down nor hold its requests: the first call that meets it
waits one timeout at most (CONNECT_TIMEOUT, READ_TIMEOUT), then this process knows it unreachable
(Reachability, shared by every user of the same URL) and no request asks it again: the counters fall back
to this process's memory, each limit divided by the worker processes as the embedded default divides it,
and what needs Redis itself is answered 503 at once (web/outage.py). A daemon thread pings it every
BACKOFF seconds (real clock) and flips the state back when it answers. Counts made during an outage stay
in memory and are not carried over, so around an outage the limits hold approximately, as without Redis.
The data rules (repeats, receipt and office-copy caps) are in the database and never depend on these
counters.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence

import redis

log = logging.getLogger(__name__)

SWEEP_EVERY = 60.0  # seconds between dropping expired counters from memory
BACKOFF = 5.0  # seconds (real clock) between two pings of an unreachable Redis, off the request path
# Seconds, for every client of Redis here, unless the URL sets its own: the longest a request waits on a
# Redis that stopped answering (once per outage and process, see Reachability). A healthy local Redis
# answers a counter call in tens of µs, and in under 0.1 s even on a machine loaded five times over
# (bench/redis_call.py prints the wall times), but a call slower than these is taken for an outage (the
# process then counts in memory and answers 503 where Redis is needed until the next ping): with 0.5 s a
# machine loaded fifteen times over (the test suite's runs on two cores) met that with a healthy Redis.
# One second is still one short wait per outage and process.
CONNECT_TIMEOUT, READ_TIMEOUT = 0.5, 1.0
# What "Redis unreachable" is, for every user of Redis (these counters, the bots' limiter, web/outage.py).
UNREACHABLE: tuple[type[Exception], ...] = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class KnownOutage(redis.exceptions.ConnectionError):
    """Raised instead of asking a Redis this process knows unreachable: what needs it answers 503 at once
    (web/outage.py) rather than after a timeout. One of UNREACHABLE, as a ConnectionError."""


class Reachability:
    """Whether the Redis at one URL answers, as this process knows it; shared by every user of that URL here
    (the web's counters, the key store of sessions, throttles and nonces, the bots' limiter), so the first
    of them to meet an outage spares the others the wait.

    `lost` (a call failed with one of UNREACHABLE) marks it down, logs the outage once and starts a daemon
    thread that pings it every BACKOFF seconds (real clock) with the short timeouts, off the request path,
    and marks it up when it answers. While it is down no request asks Redis: the counters count in memory
    and `check` raises KnownOutage. Re-probing from a request instead held that request for a timeout at
    every retry when Redis hung rather than refusing (a stopped server, a black-holed network).

    A forked process starts knowing nothing (up, no prober): the parent's thread did not come along."""

    def __init__(self, url: str):
        self.url = url
        self._forked()

    def _forked(self) -> None:
        self._lock = threading.Lock()
        self.down = False  # read on every request: a plain attribute
        self._since = ""

    def check(self) -> None:
        """Raise KnownOutage while this process knows Redis unreachable."""
        if self.down:
            raise KnownOutage(f"Redis not asked: known unreachable since {self._since} UTC, pinged every "
                              f"{BACKOFF:g} s")

    def lost(self, exc: Exception) -> None:
        with self._lock:
            if self.down:
                return
            self.down, self._since = True, time.strftime("%H:%M:%S", time.gmtime())
        log.warning("Redis unreachable (%s): rate limits count in this process's memory and what needs Redis "
                    "fails at once (503 on the web) until it answers; pinging it every %g s", exc, BACKOFF)
        threading.Thread(target=self._probe, name="redis-reachability", daemon=True).start()

    def _probe(self) -> None:
        client = redis.Redis.from_url(self.url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=READ_TIMEOUT)
        try:
            while True:
                time.sleep(BACKOFF)
                try:
                    client.ping()
                except UNREACHABLE:
                    continue
                except redis.exceptions.RedisError:
                    pass  # it answered (an error of another kind is for the requests to meet)
                break
        finally:
            client.close()
        with self._lock:
            self.down = False
        log.warning("Redis reachable again: rate limits count there")


_reachability: dict[str, Reachability] = {}
_reachability_lock = threading.Lock()


def reachability(url: str) -> Reachability:
    """This process's Reachability of the Redis at `url` (one per URL)."""
    with _reachability_lock:
        known = _reachability.get(url)
        if known is None:
            known = _reachability[url] = Reachability(url)
        return known


def _after_fork() -> None:
    global _reachability_lock
    _reachability_lock = threading.Lock()
    for known in _reachability.values():
        known._forked()


os.register_at_fork(after_in_child=_after_fork)

# KEYS: the counters (one key per window). ARGV[1], comma-separated, has for each key its amount (full at or
# above it) and its window in milliseconds. One string rather than one argument each: redis-py's packing of
# each argument was half the call's CPU. Answers -1 (added to every key) or {milliseconds left, the 1-based
# index of the full key whose window ends last} (nothing added).
_SCRIPT = """
local numbers = {}
for number in string.gmatch(ARGV[1], '[^,]+') do numbers[#numbers + 1] = tonumber(number) end
local full, wait = 0, -1
for i = 1, #KEYS do
  if tonumber(redis.call('get', KEYS[i]) or '0') >= numbers[2 * i - 1] then
    local left = redis.call('pttl', KEYS[i])
    if left > wait then full, wait = i, left end
  end
end
if full > 0 then return {math.max(wait, 0), full} end
for i = 1, #KEYS do
  if redis.call('incr', KEYS[i]) == 1 then redis.call('pexpire', KEYS[i], numbers[2 * i]) end
end
return -1
"""
# KEYS: counters to take one from; a counter back at zero is deleted, as if the request had never come.
_RELEASE = """
for i = 1, #KEYS do
  if redis.call('exists', KEYS[i]) == 1 and redis.call('decr', KEYS[i]) <= 0 then redis.call('del', KEYS[i]) end
end
return 0
"""

Window = tuple[int, float, str]  # (amount, seconds, label): "5/minute" is (5, 60.0, "5/1/MINUTE")
Counted = Sequence[tuple[tuple, Sequence[Window]]]  # (whose counter, its windows) for each counter of a request
Refused = tuple[float, tuple]  # seconds until the full window that ends last ends, and whose counter it is


class MemoryWindows:
    """This process's counters (the embedded default, without Redis).

    One entry per counter holds all its windows, [count, ends at, count, ends at, …] (monotonic clock),
    under the hash of its name: a name such as ("contact-email", "a@b.cn") is kept in memory as a number,
    not as the address (Python's string hash is keyed per process). Two names whose 64-bit hashes meet
    would share a count: a chance of about n / 2**64 for n counters, and only a limit reached earlier."""

    def __init__(self):
        self._counts: dict[int, list] = {}
        self._lock = threading.Lock()
        self._sweep_at = time.monotonic() + SWEEP_EVERY

    def acquire(self, counted: Counted) -> Refused | None:
        now = time.monotonic()
        with self._lock:
            counts = self._counts
            if now >= self._sweep_at:
                self._sweep_at = now + SWEEP_EVERY
                self._counts = counts = {k: v for k, v in counts.items() if max(v[1::2]) > now}
            # Plain loops and appends: this runs on every limited request (a comprehension building a new
            # counter's list cost several times its appends, bench/limits_cost.py).
            ends, full = 0.0, None  # the latest end of a full window, and whose window it is
            found = []
            for name, windows in counted:
                key = hash(name)
                entry = counts.get(key)
                if entry is not None:
                    i = 0
                    for amount, _seconds, _label in windows:
                        end = entry[i + 1]
                        if entry[i] >= amount and end > now and end > ends:
                            ends, full = end, name
                        i += 2
                found.append((key, entry, windows))
            if full is not None:
                return ends - now, full
            for key, entry, windows in found:
                if entry is None:
                    counts[key] = entry = []
                    for _amount, seconds, _label in windows:
                        entry.append(1)
                        entry.append(now + seconds)
                    continue
                i = 0
                for _amount, seconds, _label in windows:
                    if entry[i + 1] > now:
                        entry[i] += 1
                    else:
                        entry[i] = 1
                        entry[i + 1] = now + seconds
                    i += 2
        return None

    def release(self, counted: Counted) -> None:
        now = time.monotonic()
        with self._lock:
            for name, _windows in counted:
                entry = self._counts.get(hash(name))
                if entry is None:
                    continue
                for i in range(0, len(entry), 2):
                    if entry[i + 1] > now and entry[i] > 0:
                        entry[i] -= 1
                        if entry[i] == 0:  # as if the request had never come: the next one starts a window
                            entry[i + 1] = 0.0
                if not any(entry[::2]):
                    del self._counts[hash(name)]


class RedisWindows:
    """Counters in Redis (REDIS_URL), shared by every process and host; a counter's window is a key,
    "{counter's name as key_of gives it}/{window's label}", expiring with its window.

    Each call is one EVALSHA written by hand on a connection of the calling thread's own: redis-py's
    `Script.__call__` (the client's command machinery, a connection taken from the pool and given back,
    each argument packed by the general encoder) cost more than half again the client CPU of this call
    (bench/redis_call.py: 47 against 29 µs). What redis-py's call also did is done here:
    the script loaded again after NOSCRIPT (a restarted or flushed server), one retry on a new connection
    after a lost one (never after a timeout: a Redis that does not answer costs one timeout), a new connection in a forked process (a socket must not be shared across a fork)."""

    def __init__(self, url: str, key_of, workers: int = 1):
        self._key_of = key_of  # a counter's name as a Redis key, without any address in it
        # Timeouts as keyword arguments: a URL's own (?socket_timeout=…) take precedence in redis-py.
        self._client = redis.Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT,
                                            socket_timeout=READ_TIMEOUT)
        self._errors = UNREACHABLE
        self._no_script = redis.exceptions.NoScriptError
        self._acquire = self._client.register_script(_SCRIPT)
        self._release = self._client.register_script(_RELEASE)
        self._local = threading.local()
        # While Redis is unreachable: this process's counters, each limit divided between `workers`.
        self._memory = MemoryWindows()
        self._workers = max(1, int(workers))
        self._divided: dict[tuple, tuple] = {}  # a limit's windows: the same divided (built on first use)
        self._reach = reachability(url)

    def _keys(self, counted: Counted) -> list[tuple[str, tuple]]:
        """(key, whose counter it is) for each window of each counter."""
        return [(f"{self._key_of(name)}/{label}", name) for name, windows in counted for _a, _s, label in windows]

    def acquire(self, counted: Counted) -> Refused | None:
        if self._reach.down:
            return self._memory.acquire(self._local_counts(counted))
        keys = self._keys(counted)
        numbers = ",".join(f"{amount},{int(seconds * 1000)}" for _name, windows in counted
                           for amount, seconds, _label in windows)
        try:
            answer = self._call(self._acquire, [key for key, _ in keys], (numbers,))
        except self._errors as exc:
            self._reach.lost(exc)
            return self._memory.acquire(self._local_counts(counted))
        if answer == -1:
            return None
        wait, full = answer
        return wait / 1000, keys[int(full) - 1][1]

    def release(self, counted: Counted) -> None:
        """Given back where it is counted now: in memory during an outage (a count taken in Redis just
        before it is then left to expire with its window, as is one taken in memory and given back after)."""
        if self._reach.down:
            self._memory.release(counted)
            return
        try:
            self._call(self._release, [key for key, _ in self._keys(counted)], ())
        except self._errors as exc:
            self._reach.lost(exc)

    @property
    def unreachable(self) -> bool:
        """Whether this process knows Redis unreachable (the counters are in memory until it answers)."""
        return self._reach.down

    def _local_counts(self, counted: Counted) -> Counted:
        """The counters with each limit divided by the workers, as the embedded default divides it."""
        if self._workers == 1:
            return counted
        divided = self._divided
        out = []
        for name, windows in counted:
            local = divided.get(windows)
            if local is None:
                local = divided[windows] = tuple((max(1, amount // self._workers), seconds, label)
                                                 for amount, seconds, label in windows)
            out.append((name, local))
        return out

    def _connection(self):
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            pool = self._client.connection_pool
            local.connection, local.pid = pool.connection_class(**pool.connection_kwargs), os.getpid()
        return local.connection

    def _call(self, script, keys: Sequence[str], args: Sequence[str]):
        packed = _packed(("EVALSHA", script.sha, str(len(keys)), *keys, *args))
        for attempt in range(3):
            connection = self._connection()
            try:
                connection.send_packed_command([packed], check_health=False)  # connects if it is not
                return connection.read_response()
            except self._no_script:
                if attempt == 2:
                    raise
                self._client.script_load(script.script)
            except redis.exceptions.TimeoutError:
                connection.disconnect()  # a Redis that does not answer: one timeout, not one per attempt
                raise
            except self._errors:
                connection.disconnect()
                if attempt == 2:
                    raise


def _packed(args: Sequence[str]) -> bytes:
    """One command in the Redis protocol (RESP2): an array of bulk strings."""
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


def from_uri(uri: str, memory_uri: str, key_of="/".join, workers: int = 1):
    """MemoryWindows for `memory_uri`, RedisWindows for a redis://, rediss:// or unix:// URL (`key_of`: a
    counter's name as the start of its keys there; `workers`: the processes that share the limits, between
    which each is divided while Redis is unreachable)."""
    if uri == memory_uri:
        return MemoryWindows()
    if uri.split("://", 1)[0] in ("redis", "rediss", "unix"):
        return RedisWindows(uri, key_of, workers)
    raise ValueError(f"rate limit storage not supported: {uri.split('://', 1)[0]}://")
