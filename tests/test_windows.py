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


def test_release_gives_back_what_was_added_and_a_counter_at_zero_goes(store):
    counts, p = store
    key = f"{p}/given-back"
    assert counts.acquire([(key, 2)], [(key, 60)]) is None
    assert counts.acquire([(key, 2)], [(key, 60)]) is None
    assert counts.acquire([(key, 2)], [(key, 60)]) is not None  # full
    counts.release([key])
    assert counts.acquire([(key, 2)], [(key, 60)]) is None  # room for one again
    counts.release([key])
    counts.release([key])
    counts.release([key, f"{p}/never-added"])  # nothing to give back: nothing goes below zero or appears
    for _ in range(2):
        assert counts.acquire([(key, 2)], [(key, 1.0)]) is None
    if p.startswith("test-windows-"):
        client = redis.Redis.from_url(REDIS)
        assert client.pttl(key) <= 1000  # a new window, begun by the first request after the release
        assert not client.exists(f"{p}/never-added")


def _redis_store():
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return windows.from_uri(REDIS, counters.URI), f"test-windows-{uuid.uuid4().hex}"


def test_redis_scripts_are_loaded_again_after_the_server_forgot_them():
    counts, p = _redis_store()
    assert counts.acquire([(f"{p}/a", 5)], [(f"{p}/a", 60)]) is None
    redis.Redis.from_url(REDIS).script_flush()  # a restarted or flushed server
    assert counts.acquire([(f"{p}/a", 5)], [(f"{p}/a", 60)]) is None
    counts.release([f"{p}/a"])
    assert int(redis.Redis.from_url(REDIS).get(f"{p}/a")) == 1


def test_redis_counting_goes_on_after_the_connection_was_lost():
    counts, p = _redis_store()
    assert counts.acquire([(f"{p}/b", 5)], [(f"{p}/b", 60)]) is None
    admin = redis.Redis.from_url(REDIS)
    mine = counts._connection()
    host, port = mine._sock.getsockname()[:2]
    assert admin.client_kill_filter(addr=f"{host}:{port}") == 1  # as a server restart or a proxy would
    assert counts.acquire([(f"{p}/b", 5)], [(f"{p}/b", 60)]) is None
    assert int(admin.get(f"{p}/b")) == 2


def test_a_forked_process_counts_on_a_connection_of_its_own():
    import os

    counts, p = _redis_store()
    assert counts.acquire([(f"{p}/c", 5)], [(f"{p}/c", 60)]) is None
    parent = counts._connection()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: counts, and tells whether its connection is the parent's
        ok = counts.acquire([(f"{p}/c", 5)], [(f"{p}/c", 60)]) is None and counts._connection() is not parent
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    assert counts.acquire([(f"{p}/c", 5)], [(f"{p}/c", 60)]) is None and counts._connection() is parent
    assert int(redis.Redis.from_url(REDIS).get(f"{p}/c")) == 3
