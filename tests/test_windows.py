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


MINUTE, HOUR = (2, 60.0, "2/1/MINUTE"), (3, 3600.0, "3/1/HOUR")


def test_a_full_counter_refuses_with_its_wait_and_adds_to_none(store):
    counts, p = store
    both = [((p, "a"), (MINUTE, HOUR))]
    for _ in range(2):
        assert counts.acquire(both) is None
    wait, full = counts.acquire(both)
    assert 55 < wait <= 60 and full == (p, "a")  # the minute is full, not the hour
    # The refused request added nothing: the hour still has room for one more once the minute allows it.
    hour_only = [((p, "a-hour"), (HOUR,))]
    for _ in range(3):
        assert counts.acquire(hour_only) is None
    assert 3500 < counts.acquire(hour_only)[0] <= 3600


def test_one_full_counter_refuses_the_request_and_the_others_are_not_added_to(store):
    counts, p = store
    address, contact = ((p, "address"), ((5, 60.0, "5/1/MINUTE"),)), ((p, "contact"), ((1, 60.0, "1/1/MINUTE"),))
    assert counts.acquire([address, contact]) is None
    for _ in range(4):  # the contact is full: refused (and named), and the address's count stays at one
        assert counts.acquire([address, contact])[1] == (p, "contact")
    for _ in range(4):
        assert counts.acquire([address]) is None
    assert counts.acquire([address]) is not None


def test_a_window_ends(store):
    counts, p = store
    short = [((p, "short"), ((1, 1.0, "1/1/SECOND"),))]
    assert counts.acquire(short) is None
    assert counts.acquire(short) is not None
    time.sleep(1.2)
    assert counts.acquire(short) is None


def test_an_unsupported_storage_is_refused_at_start():
    with pytest.raises(ValueError, match="memcached"):
        windows.from_uri("memcached://127.0.0.1:11211", counters.URI)


def test_release_gives_back_what_was_added_and_a_counter_at_zero_goes(store):
    counts, p = store
    given_back = [((p, "given-back"), ((2, 60.0, "2/1/MINUTE"),))]
    assert counts.acquire(given_back) is None
    assert counts.acquire(given_back) is None
    assert counts.acquire(given_back) is not None  # full
    counts.release(given_back)
    assert counts.acquire(given_back) is None  # room for one again
    counts.release(given_back)
    counts.release(given_back)
    counts.release(given_back + [((p, "never-added"), ((2, 60.0, "2/1/MINUTE"),))])  # nothing goes below zero
    for _ in range(2):
        assert counts.acquire(given_back) is None
    assert counts.acquire(given_back) is not None
    if p.startswith("test-windows-"):
        client = redis.Redis.from_url(REDIS)
        assert not client.exists(f"{p}/never-added/2/1/MINUTE")


def test_memory_counters_hold_no_address():
    counts = windows.from_uri(counters.URI, counters.URI)
    assert counts.acquire([(("contact-email", "someone@example.com"), ((5, 60.0, "5/1/MINUTE"),))]) is None
    assert "someone@example.com" not in repr(counts._counts)


def _redis_store():
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return windows.from_uri(REDIS, counters.URI), f"test-windows-{uuid.uuid4().hex}"


def test_redis_scripts_are_loaded_again_after_the_server_forgot_them():
    counts, p = _redis_store()
    a = [((p, "a"), ((5, 60.0, "w"),))]
    assert counts.acquire(a) is None
    redis.Redis.from_url(REDIS).script_flush()  # a restarted or flushed server
    assert counts.acquire(a) is None
    counts.release(a)
    assert int(redis.Redis.from_url(REDIS).get(f"{p}/a/w")) == 1


def test_redis_counting_goes_on_after_the_connection_was_lost():
    counts, p = _redis_store()
    b = [((p, "b"), ((5, 60.0, "w"),))]
    assert counts.acquire(b) is None
    admin = redis.Redis.from_url(REDIS)
    mine = counts._connection()
    host, port = mine._sock.getsockname()[:2]
    assert admin.client_kill_filter(addr=f"{host}:{port}") == 1  # as a server restart or a proxy would
    assert counts.acquire(b) is None
    assert int(admin.get(f"{p}/b/w")) == 2


def test_a_forked_process_counts_on_a_connection_of_its_own():
    import os

    counts, p = _redis_store()
    c = [((p, "c"), ((5, 60.0, "w"),))]
    assert counts.acquire(c) is None
    parent = counts._connection()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: counts, and tells whether its connection is the parent's
        ok = counts.acquire(c) is None and counts._connection() is not parent
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    assert counts.acquire(c) is None and counts._connection() is parent
    assert int(redis.Redis.from_url(REDIS).get(f"{p}/c/w")) == 3
