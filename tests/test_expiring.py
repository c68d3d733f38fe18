"""The shared short-lived key store (sessions, throttles, nonces): the database and Redis behave alike,
atomically across threads, and keys expire on the real clock."""
from __future__ import annotations

import concurrent.futures
import time
import uuid

import pytest
import redis

from consultation.expiring import DatabaseStore, RedisStore


@pytest.fixture(params=["database", "redis"])
def store(request, services):
    if request.param == "database":
        yield DatabaseStore(services.engine)
        return
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    s = RedisStore("redis://127.0.0.1:6379/0", f"test13b:{uuid.uuid4().hex}:")
    yield s
    s.delete_prefix("")


def test_add_succeeds_once_among_racing_callers(store):
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: store.add("race", str(i), 60), range(16)))
    assert results.count(True) == 1
    assert store.get("race") == str(results.index(True))


def test_counts_are_never_lost(store):
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: store.incr("hits", 60), range(40)))
    assert store.count("hits") == 40


def test_keys_expire_on_the_real_clock(store):
    store.put("short", "v", 0.5)
    store.incr("window", 0.5)
    assert store.get("short") == "v" and store.count("window") == 1
    time.sleep(0.8)
    assert store.get("short") is None and store.count("window") == 0
    assert store.add("short", "again", 60)  # an expired key is free again


def test_touch_delete_and_prefix(store):
    store.put("osess:7:a", "1", 60)
    store.put("osess:7:b", "1", 60)
    store.put("osess:70:c", "1", 60)
    assert store.touch("osess:7:a", 60) and not store.touch("missing", 60)
    store.delete_prefix("osess:7:")
    assert store.get("osess:7:a") is None and store.get("osess:7:b") is None
    assert store.get("osess:70:c") == "1"
    store.delete("osess:70:c")
    assert store.get("osess:70:c") is None
