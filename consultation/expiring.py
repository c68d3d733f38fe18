"""Short-lived keys shared by every process: sign-in sessions, login throttles, WeChat nonces.

Each key expires on the real clock (never CONSULT_NOW: a simulated date must not make a lock
or a session last for ever). Two stores with the same operations: the database (the embedded
default, table `expiring_keys`) and Redis when REDIS_URL is set. Both are atomic across
processes and hosts: `add` succeeds for one caller only, `incr` never loses a count.
"""
from __future__ import annotations

import datetime as dt
import random
from contextlib import contextmanager

from sqlalchemy import Integer, String, Text, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from .clock import utcnow
from .db import Base, UTCDateTime, write_lock

PURGE_EVERY = 200  # on average one insert in this many also deletes every expired row


class ExpiringKey(Base):
    __tablename__ = "expiring_keys"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    count: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)


class DatabaseStore:
    """The keys as rows; an expired row counts as absent and is replaced or purged."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def _insert(self, conn, key: str, value: str, count: int, ttl: float, now: dt.datetime) -> bool:
        conn.execute(delete(ExpiringKey).where(ExpiringKey.key == key, ExpiringKey.expires_at <= now))
        dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        # RETURNING, not rowcount: psycopg reports -1 for an INSERT … ON CONFLICT here.
        stored = conn.execute(dialect_insert(ExpiringKey).values(
            key=key, value=value, count=count, expires_at=now + dt.timedelta(seconds=ttl),
        ).on_conflict_do_nothing(index_elements=["key"]).returning(ExpiringKey.key)).scalar()
        if random.randrange(PURGE_EVERY) == 0:
            conn.execute(delete(ExpiringKey).where(ExpiringKey.expires_at <= now))
        return stored is not None

    def add(self, key: str, value: str, ttl: float) -> bool:
        """Store `key` unless a live one exists; True when this call stored it."""
        now = utcnow()
        with write_lock(self.engine), self.engine.begin() as conn:
            return self._insert(conn, key, value, 0, ttl, now)

    def put(self, key: str, value: str, ttl: float) -> None:
        now = utcnow()
        with write_lock(self.engine), self.engine.begin() as conn:
            done = conn.execute(update(ExpiringKey).where(ExpiringKey.key == key).values(
                value=value, count=0, expires_at=now + dt.timedelta(seconds=ttl))).rowcount
            if not done:
                self._insert(conn, key, value, 0, ttl, now)

    def get(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(ExpiringKey.value).where(ExpiringKey.key == key,
                                                               ExpiringKey.expires_at > utcnow()))

    def touch(self, key: str, ttl: float) -> bool:
        """Extend a live key's life to `ttl` from now; False when it is gone."""
        now = utcnow()
        with write_lock(self.engine), self.engine.begin() as conn:
            return bool(conn.execute(update(ExpiringKey).where(
                ExpiringKey.key == key, ExpiringKey.expires_at > now).values(
                expires_at=now + dt.timedelta(seconds=ttl))).rowcount)

    def incr(self, key: str, ttl: float) -> int:
        """Add one to a counter that lives `ttl` seconds from its first count (a fixed window)."""
        now = utcnow()
        with write_lock(self.engine), self.engine.begin() as conn:
            for _ in range(3):
                count = conn.execute(update(ExpiringKey).where(
                    ExpiringKey.key == key, ExpiringKey.expires_at > now).values(
                    count=ExpiringKey.count + 1).returning(ExpiringKey.count)).scalar()
                if count is not None:
                    return count
                if self._insert(conn, key, "", 1, ttl, now):
                    return 1
            raise RuntimeError(f"could not count {key!r}")

    def count(self, key: str) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(select(ExpiringKey.count).where(ExpiringKey.key == key,
                                                               ExpiringKey.expires_at > utcnow())) or 0

    def delete(self, key: str) -> None:
        with write_lock(self.engine), self.engine.begin() as conn:
            conn.execute(delete(ExpiringKey).where(ExpiringKey.key == key))

    def delete_prefix(self, prefix: str) -> None:
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with write_lock(self.engine), self.engine.begin() as conn:
            conn.execute(delete(ExpiringKey).where(ExpiringKey.key.like(pattern, escape="\\")))


class RedisStore:
    """The same operations on Redis (REDIS_URL): SET NX EX, INCR with EXPIRE, SCAN for a prefix.

    Nothing else can keep these keys, so with Redis unreachable each operation raises one of UNREACHABLE
    (web/outage.py answers 503): after one timeout at most for the first call that meets the outage, at
    once while this process knows it (consultation/intake/windows.py, Reachability)."""

    def __init__(self, url: str, namespace: str = "consult:"):
        import redis

        from .intake.windows import CONNECT_TIMEOUT, READ_TIMEOUT, UNREACHABLE, reachability

        # Short timeouts (a URL's own take precedence): a host that does not answer must not hold the request.
        self.redis = redis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=CONNECT_TIMEOUT,
                                          socket_timeout=READ_TIMEOUT)
        self.reach = reachability(url)
        self._unreachable = UNREACHABLE
        self.ns = namespace

    @contextmanager
    def _asking(self):
        """Around each operation: not at all while Redis is known unreachable; its outage told when met."""
        self.reach.check()
        try:
            yield
        except self._unreachable as exc:
            self.reach.lost(exc)
            raise

    @staticmethod
    def _ms(ttl: float) -> int:
        return max(1, int(ttl * 1000))

    def add(self, key: str, value: str, ttl: float) -> bool:
        with self._asking():
            return bool(self.redis.set(self.ns + key, value, px=self._ms(ttl), nx=True))

    def put(self, key: str, value: str, ttl: float) -> None:
        with self._asking():
            self.redis.set(self.ns + key, value, px=self._ms(ttl))

    def get(self, key: str) -> str | None:
        with self._asking():
            return self.redis.get(self.ns + key)

    def touch(self, key: str, ttl: float) -> bool:
        with self._asking():
            return bool(self.redis.pexpire(self.ns + key, self._ms(ttl)))

    def incr(self, key: str, ttl: float) -> int:
        with self._asking():
            pipe = self.redis.pipeline()
            pipe.incr(self.ns + "n:" + key)
            pipe.pexpire(self.ns + "n:" + key, self._ms(ttl), nx=True)
            return int(pipe.execute()[0])

    def count(self, key: str) -> int:
        with self._asking():
            return int(self.redis.get(self.ns + "n:" + key) or 0)

    def delete(self, key: str) -> None:
        with self._asking():
            self.redis.delete(self.ns + key, self.ns + "n:" + key)

    def delete_prefix(self, prefix: str) -> None:
        with self._asking():
            for pattern in (self.ns + prefix, self.ns + "n:" + prefix):
                escaped = "".join("\\" + c if c in "*?[]\\" else c for c in pattern)
                keys = list(self.redis.scan_iter(match=escaped + "*", count=500))
                if keys:
                    self.redis.delete(*keys)


def make_store(engine: Engine, redis_url: str | None, namespace: str = "consult:"):
    """Redis when a URL is given, else the database."""
    return RedisStore(redis_url, namespace) if redis_url else DatabaseStore(engine)
