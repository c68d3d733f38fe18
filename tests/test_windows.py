"""The request limits' counters (consultation/intake/windows.py), in memory and in Redis: a full counter
refuses with the wait until its window ends and adds nothing; the windows expire."""
import time
import uuid

import pytest
import redis

from consultation.intake import counters, windows

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "memory":
        yield windows.from_uri(counters.URI, counters.URI), f"t-{uuid.uuid4().hex}"
        return
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-windows-{uuid.uuid4().hex}"
    yield windows.from_uri(REDIS, counters.URI), prefix
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def test_a_full_counter_refuses_with_its_wait_and_adds_to_none(store):
    counts, p = store
    minute, hour = (f"{p}/a/minute", 2), (f"{p}/a/hour", 3)
    for _ in range(2):
        assert counts.acquire([minute, hour], [(minute[0], 60), (hour[0], 3600)]) is None
    wait = counts.acquire([minute, hour], [(minute[0], 60), (hour[0], 3600)])
    assert wait is not None and 55 < wait <= 60  # the minute is full, not the hour
    # The refused request added nothing: the hour still has room for one more once the minute allows it.
    assert counts.acquire([hour], [(hour[0], 3600)]) is None
    assert 3500 < counts.acquire([hour], [(hour[0], 3600)]) <= 3600


def test_a_counter_only_tested_is_not_added_to(store):
    counts, p = store
    key = f"{p}/contact"
    for _ in range(3):
        assert counts.acquire([(key, 1)], []) is None
    assert counts.acquire((), [(key, 60)]) is None  # counted after the view, as a stored submission
    assert counts.acquire([(key, 1)], []) is not None


def test_a_window_ends(store):
    counts, p = store
    key = f"{p}/short"
    assert counts.acquire([(key, 1)], [(key, 1.0)]) is None
    assert counts.acquire([(key, 1)], [(key, 1.0)]) is not None
    time.sleep(1.2)
    assert counts.acquire([(key, 1)], [(key, 1.0)]) is None


def test_an_unsupported_storage_is_refused_at_start():
    with pytest.raises(ValueError, match="memcached"):
        windows.from_uri("memcached://127.0.0.1:11211", counters.URI)
