"""Identical repeats: the same comments from the same contact within minutes are one submission.

A data rule held by the database, not by a rate limiter, so it holds across processes and hosts and
with RATELIMIT_ENABLED=false: a repeat is answered with the first submission's reference (never its
token: the private link was given, and mailed, the first time) and stores nothing, so a client posting
the same body 2,000 times queues one receipt and one office copy. Time is the real clock's.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os

from sqlalchemy import String, bindparam, func, select
from sqlalchemy.engine import Connection

from ..models import Submission
from ..storage.inserts import prepared_select

# Where the public sends feedback itself; staff intake (imports, the mailbox, manual entry) is not held.
PUBLIC_CHANNELS = ("web", "api", "telegram", "wechat")


def window() -> dt.timedelta:
    """REPEAT_WINDOW_MINUTES (default 10)."""
    return dt.timedelta(minutes=float(os.environ.get("REPEAT_WINDOW_MINUTES") or 10))


class Repeat(Exception):
    def __init__(self, earlier: tuple[str, str | None]):
        super().__init__(earlier[0])
        self.earlier = earlier


def fingerprint(consultation_id: str, clean: dict) -> str:
    """SHA-256 of the cleaned comments and the contact (phone, email): what makes two submissions the same.
    The email is stored as given but compared case-folded (RepX@example.com and repx@EXAMPLE.com are one
    mailbox, as the per-contact limit counts them); the phone is already E.164."""
    sub = clean["submitter"]
    email = sub["email"].lower() if sub["email"] else sub["email"]
    basis = {"c": consultation_id, "comments": clean["comments"], "phone": sub["phone"], "email": email}
    return hashlib.sha256(json.dumps(basis, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest()


# Compiled once per dialect and read on the driver's cursor (storage/inserts.py): built and executed
# through SQLAlchemy on every submission, this query was most of the repeat rule's cost (bench/limits_cost.py).
_EARLIER = (select(Submission.reference, Submission.account)
            .where(Submission.fingerprint == bindparam("fp"), Submission.received_at > bindparam("since"))
            .order_by(Submission.id).limit(1))
_LOCK = select(func.pg_advisory_xact_lock(func.hashtextextended(bindparam("fp", type_=String), 13)))


def earlier(conn: Connection, fp: str, now: dt.datetime, *, lock: bool = False) -> tuple[str, str | None] | None:
    """(reference, account) of the same submission stored within the window, if any. `lock`: on PostgreSQL,
    first take a transaction lock on the fingerprint, so a racing identical request waits for this one."""
    if lock and conn.dialect.name == "postgresql":
        prepared_select(_LOCK, conn.dialect).first(conn, fp=fp)
    row = prepared_select(_EARLIER, conn.dialect).first(conn, fp=fp, since=now - window())
    return (row[0], row[1]) if row is not None else None
