"""Identical repeats: the same comments from the same contact within minutes are one submission.

A data rule held by the database, not by a rate limiter, so it holds across processes and hosts and
with RATELIMIT_ENABLED=false: a repeat is answered with the first submission's reference (never its
token: the private link was given, and mailed, the first time) and stores nothing, so a client posting
the same body 2,000 times queues one receipt and one office copy. Time is the real clock's.

How it holds (a performance trick: bench/limits_cost.py, bench/README.md): a guard table keyed by the
fingerprint (RepeatGuard) is claimed by one UPSERT sent with the submission's INSERTs, in the same
transaction: `INSERT … ON CONFLICT (fingerprint) DO UPDATE … WHERE guard.received_ms <= since` (on
PostgreSQL a CTE of the submission's own INSERT, which inserts only if the claim did: storage/submission.py).
It inserts or takes over the row of a fingerprint last stored before the window (one row changed: store), and changes
nothing when the fingerprint was stored within it (no row: a repeat; its row then names the first
submission, and the transaction is rolled back). So the normal path has no statement of its own: a
SELECT before the INSERT, and on PostgreSQL an advisory lock before the SELECT, cost a quiet request
8-18 % of its CPU. Racing identical requests store once: on SQLite the writers are queued (storage/sqlite.py);
on PostgreSQL ON CONFLICT waits for a concurrent inserter of the same key to commit or roll back, then
judges the committed row.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import struct
import threading
import time

from sqlalchemy import BigInteger, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from ..models import RepeatGuard
from ..storage.inserts import PreparedInsert, prepared, prepared_select
from .countkeys import contact_email

# Where the public sends feedback itself; staff intake (imports, the mailbox, manual entry) is not held.
PUBLIC_CHANNELS = ("web", "api", "telegram", "wechat")


_window: tuple[dt.timedelta, int] | None = None  # REPEAT_WINDOW_MINUTES, and in milliseconds, once read


def _read_window() -> tuple[dt.timedelta, int]:
    """REPEAT_WINDOW_MINUTES (default 10), read on first use, as settings are read once per process: read
    on every submission, the unset variable's miss (a KeyError raised and caught inside os.environ.get)
    cost ~1.3 µs each time (bench/README.md, issue 13). A test that changes it sets `_window` to None with it."""
    global _window
    if _window is None:
        span = dt.timedelta(minutes=float(os.environ.get("REPEAT_WINDOW_MINUTES") or 10))
        _window = (span, span // dt.timedelta(milliseconds=1))
    return _window


def window() -> dt.timedelta:
    return _read_window()[0]


def stamp(moment: dt.datetime) -> int:
    """A time as the guard table keeps it: milliseconds since the epoch. An integer needs no bind processor
    (a datetime's cost a fifth of the claim's CPU, bench/limits_cost.py) and compares alike everywhere."""
    return int(moment.timestamp() * 1000)


def now_ms() -> int:
    """The real clock as the guard table keeps it, read as an integer: a submission's claim is stamped when
    it is bound (microseconds from its `received_at`, both the real clock's). Converting the datetime
    instead (`stamp`) was a third of binding the claim: ~3,600 instructions against ~900 here
    (bench/limits_cost.py --instructions, bench/README.md, tenth session)."""
    return time.time_ns() // 1_000_000


def since(moment: dt.datetime) -> int:
    """The stamp before which a guard row no longer stands for its submission, as of `moment`."""
    return stamp(moment) - _read_window()[1]


class Repeat(Exception):
    def __init__(self, earlier: tuple[str, str | None]):
        super().__init__(earlier[0])
        self.earlier = earlier


_signed64 = struct.Struct(">q").unpack  # a digest as a signed integer: half of int.from_bytes's steps


def fingerprint(consultation_id: str, clean: dict) -> int:
    """What makes two submissions the same: the cleaned comments and the contact (phone, email), as a
    64-bit BLAKE2b of their fields joined by NUL, a signed integer (the guard table's key: SQLite's rowid).
    Cleaned text holds no NUL (intake/fields.py refuses control characters), so the join is unambiguous;
    an absent value and an empty one are the same (no proposal is no proposal). The join is a third of the
    CPU of hashing a tuple's repr, which had to check every Chinese character for printability.
    The email is stored as given but compared by its contact key (countkeys.contact_email: RepX+a@example.com
    and repx@EXAMPLE.com are one mailbox, as the per-contact limit and the receipt cap count them); the phone
    is already E.164. Changing that key changes the fingerprints of tagged addresses, which matters only
    within the window: guard rows are transient and nothing else stores a fingerprint.

    Why 64 bits are enough: two different submissions sharing a key within the window would make the
    second one answered as a repeat of the first (without its token, so nobody's data is shown, but the
    second would not be stored). By chance, with n fingerprints stored within the window, a submission
    meets one with probability n / 2**64: 5e-14 at a million in ten minutes. On purpose, a collision with
    somebody else's submission needs a second preimage of their exact comments and contact, about 2**64
    hashes; the 2**32 of a birthday search only make two of the searcher's own bodies collide, which
    harms nobody else."""
    sub = clean["submitter"]
    email = sub["email"] or ""
    parts = [consultation_id, sub["phone"] or "", contact_email(email)]
    for c in clean["comments"]:
        points = c["proposed_points"]
        parts += (c["target"], c["kind"], c["proposal"] or "", c["reason"] or "", "" if points is None else str(points))
    return _signed64(hashlib.blake2b("\0".join(parts).encode(), digest_size=8).digest())[0]


_SINCE = bindparam("since", type_=BigInteger())
CLAIM_NAMES = ("fingerprint", "reference", "account", "received_ms", "since")
_claims: dict[str, PreparedInsert] = {}


def upsert(dialect_name: str):
    """The guard's UPSERT, not compiled (SQLAlchemy's own ON CONFLICT, SQLite and PostgreSQL), its values
    bound by the names of CLAIM_NAMES: `claim_statement` compiles it alone; on PostgreSQL
    storage/submission.py folds it into the submission's INSERT as a CTE."""
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect_name]
    columns = RepeatGuard.__table__.c
    statement = insert(RepeatGuard).values({name: bindparam(name, type_=columns[name].type)
                                            for name in CLAIM_NAMES if name in columns})
    return statement.on_conflict_do_update(
        index_elements=[RepeatGuard.fingerprint],
        set_={"reference": statement.excluded.reference, "account": statement.excluded.account,
              "received_ms": statement.excluded.received_ms},
        where=RepeatGuard.received_ms <= _SINCE)


def claim_statement(dialect: Dialect) -> PreparedInsert:
    """The guard's UPSERT compiled for the dialect: one row changed when the submission may be stored,
    none for a repeat."""
    found = _claims.get(dialect.name)
    if found is None:
        found = _claims[dialect.name] = prepared(upsert(dialect.name), CLAIM_NAMES, dialect)
    return found


def claim(dialect: Dialect, fp: int, reference: str, account: str | None, received_ms: int,
          counted_from_ms: int | None = None) -> tuple[PreparedInsert, tuple | dict]:
    """The guard's UPSERT for the dialect with its values bound, as storage.inserts.insert_rows sends it
    (`claim=True`): the submission received at `received_ms` (a stamp: `now_ms`), the window counted back
    from `counted_from_ms` (default: the same moment). Its values are integers and strings: bound without
    a row dict or a bind processor."""
    statement = _claims.get(dialect.name) or claim_statement(dialect)
    window_ms = _window[1] if _window is not None else _read_window()[1]
    return statement, statement.values(fp, reference, account, received_ms,
                                       (received_ms if counted_from_ms is None else counted_from_ms) - window_ms)


_EARLIER = (select(RepeatGuard.reference, RepeatGuard.account)
            .where(RepeatGuard.fingerprint == bindparam("fp"), RepeatGuard.received_ms > _SINCE))


def earlier(conn: Connection, fp: int, now: dt.datetime) -> tuple[str, str | None] | None:
    """(reference, account) of the same submission stored within the window, if any: read after a claim
    that changed nothing (the repeat path), or before storing from a chat, whose state in flight a
    repeat must not roll back."""
    row = prepared_select(_EARLIER, conn.dialect).first(conn, fp=fp, since=since(now))
    return (row[0], row[1]) if row is not None else None


_sweep_at = [float("-inf")]  # when this process may next sweep (monotonic)
_sweep_guard = threading.Lock()


def sweep_due() -> bool:
    """True at most once per window in this process: the storing transaction then deletes the guard rows
    the window has left behind (`sweep`), so the table holds about two windows of submissions. Asked on
    every submission: the time is compared before the lock is taken."""
    now = time.monotonic()
    if now < _sweep_at[0]:
        return False
    with _sweep_guard:
        if now < _sweep_at[0]:
            return False
        _sweep_at[0] = now + window().total_seconds()
    return True


def sweep(conn: Connection | Session, now: dt.datetime) -> int:
    """Delete the guard rows older than the window (a scan of a table of a few windows' rows)."""
    return conn.execute(delete(RepeatGuard).where(RepeatGuard.received_ms <= since(now))).rowcount


def forget(session: Session, reference: str) -> None:
    """The submission's guard row, if it has one, no longer stands for it (amended or withdrawn)."""
    session.execute(delete(RepeatGuard).where(RepeatGuard.reference == reference))


def reclaim(session: Session, fp: int, reference: str, account: str | None, received: dt.datetime,
            now: dt.datetime) -> None:
    """After an amendment: the submission's new comments stand for it until the window from its first
    arrival ends (unless another submission holds the same fingerprint within the window); its old ones
    no longer do. `now` on the real clock."""
    forget(session, reference)
    if received is None or received <= now - window():
        return
    statement, values = claim(session.get_bind().dialect, fp, reference, account, stamp(received), stamp(now))
    session.connection().exec_driver_sql(statement.sql, values)
