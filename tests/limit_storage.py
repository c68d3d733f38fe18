"""What the request-limit tests share: the counters' storage by kind, and the IPv6 prefix put back."""
from __future__ import annotations

import pytest
import redis

from consultation.intake import countkeys


def storage_uri(kind: str, redis_url: str) -> str:
    """The limiter's storage URI for `kind` ("memory" or "redis"); a Redis test is skipped without Redis."""
    if kind == "memory":
        return "memory://"
    try:
        redis.Redis.from_url(redis_url).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return redis_url


@pytest.fixture(autouse=True)
def default_ipv6_prefix():
    """RATE_LIMIT_IPV6_PREFIX is one setting per process (set when an app starts): each test starts and ends
    with the default, whatever prefix a test's app was given."""
    countkeys.ipv6_prefix(countkeys.DEFAULT_PREFIX)
    yield
    countkeys.ipv6_prefix(countkeys.DEFAULT_PREFIX)
