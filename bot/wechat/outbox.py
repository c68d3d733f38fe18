"""Replies owed through the customer-service API, delivered in order per user.

Rows are written in the same transaction that records the inbound message's
outcome; delivery claims one row at a time with a lease (an UPDATE that only
one process can win), so the web process (which delivers right after it
enqueues) and `consult wechat-worker` (which retries and picks up anything
left by a crash) never send the same text twice. A user's texts go out in the
order they were queued: a later one waits while an earlier one is unsent.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading

import httpx
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from consultation.clock import utcnow

from .api import WeChatAPI, WeChatAPIError
from .models import WeChatOutbox

log = logging.getLogger(__name__)

CS_WINDOW = dt.timedelta(hours=48)
CLAIM = dt.timedelta(seconds=60)
MAX_ATTEMPTS = 8
QUOTA_RETRY = dt.timedelta(minutes=10)  # 45047: the quota returns when the user writes again


def enqueue(session: Session, openid: str, texts: list[str], *, inbound_id: int | None,
            received_at: dt.datetime, now: dt.datetime | None = None) -> list[WeChatOutbox]:
    """Add texts to the outbox (the caller commits).

    The user wrote again, so texts held back by the quota (45047) are due again at once, ahead of these."""
    now = now or utcnow()
    session.execute(update(WeChatOutbox).where(
        WeChatOutbox.openid == openid, WeChatOutbox.status == "pending",
        WeChatOutbox.last_error.like("45047%")).values(next_attempt_at=now))
    rows = [WeChatOutbox(inbound_id=inbound_id, openid=openid, content=text, status="pending",
                         attempts=0, next_attempt_at=now, expires_at=received_at + CS_WINDOW, created_at=now)
            for text in texts if text]
    session.add_all(rows)
    return rows


def owes(session: Session, openid: str, now: dt.datetime) -> bool:
    """Whether texts are still owed to this user (pending or being sent, within the 48-hour window)."""
    return session.scalar(select(WeChatOutbox.id).where(
        WeChatOutbox.openid == openid, WeChatOutbox.status.in_(("pending", "sending")),
        WeChatOutbox.expires_at > now).limit(1)) is not None


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(300, 2 ** attempts))


def deliver_due(sessionmaker, api: WeChatAPI, *, limit: int = 100, now: dt.datetime | None = None) -> int:
    """Send what is due; returns how many texts were sent."""
    sent = 0
    blocked: set[str] = set()
    with sessionmaker() as session:
        now = now or utcnow()
        due = session.execute(
            select(WeChatOutbox.id, WeChatOutbox.openid).where(or_(
                and_(WeChatOutbox.status == "pending", WeChatOutbox.next_attempt_at <= now),
                and_(WeChatOutbox.status == "sending", WeChatOutbox.claimed_until < now),
            )).order_by(WeChatOutbox.id).limit(limit)).all()
        for row_id, openid in due:
            if openid in blocked:
                continue
            earlier = session.scalar(select(WeChatOutbox.id).where(
                WeChatOutbox.openid == openid, WeChatOutbox.id < row_id,
                WeChatOutbox.status.in_(("pending", "sending"))).limit(1))
            if earlier is not None:
                blocked.add(openid)
                continue
            if not _claim(session, row_id, now):
                blocked.add(openid)
                continue
            row = session.get(WeChatOutbox, row_id, populate_existing=True)
            if row.expires_at <= utcnow():
                _finish(session, row_id, "expired", error="the 48-hour customer-service window is over")
                continue
            try:
                api.send_text(row.openid, row.content)
            except WeChatAPIError as exc:
                log.warning("wechat: custom send %s failed: %s", row_id, exc)
                if exc.quota:  # retried later, within the 48-hour window (expired after it, above)
                    _retry(session, row_id, row.attempts, str(exc), delay=QUOTA_RETRY)
                elif exc.permanent or row.attempts >= MAX_ATTEMPTS:
                    _finish(session, row_id, "expired" if exc.errcode in (45015,) else "failed", error=str(exc))
                else:
                    _retry(session, row_id, row.attempts, str(exc))
                blocked.add(openid)
                continue
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("wechat: custom send %s failed: %s", row_id, exc)
                if row.attempts >= MAX_ATTEMPTS:
                    _finish(session, row_id, "failed", error=repr(exc))
                else:
                    _retry(session, row_id, row.attempts, repr(exc))
                blocked.add(openid)
                continue
            _finish(session, row_id, "sent")
            sent += 1
    return sent


def _claim(session: Session, row_id: int, now: dt.datetime) -> bool:
    won = session.execute(
        update(WeChatOutbox).where(WeChatOutbox.id == row_id, or_(
            and_(WeChatOutbox.status == "pending", WeChatOutbox.next_attempt_at <= now),
            and_(WeChatOutbox.status == "sending", WeChatOutbox.claimed_until < now),
        )).values(status="sending", claimed_until=utcnow() + CLAIM, attempts=WeChatOutbox.attempts + 1)
    ).rowcount == 1
    session.commit()
    return won


def _finish(session: Session, row_id: int, status: str, *, error: str | None = None) -> None:
    values = {"status": status, "claimed_until": None, "last_error": error}
    if status == "sent":
        values["sent_at"] = utcnow()
    session.execute(update(WeChatOutbox).where(WeChatOutbox.id == row_id).values(**values))
    session.commit()


def _retry(session: Session, row_id: int, attempts: int, error: str, delay: dt.timedelta | None = None) -> None:
    session.execute(update(WeChatOutbox).where(WeChatOutbox.id == row_id).values(
        status="pending", claimed_until=None, last_error=error,
        next_attempt_at=utcnow() + (delay if delay is not None else _backoff(attempts))))
    session.commit()


def run_worker(sessionmaker, api: WeChatAPI, *, poll: float = 1.0, stop: threading.Event | None = None,
               recover=None) -> None:
    """Deliver forever (until `stop` is set); one failure never stops the loop. `recover` (called each round
    first) queues answers a stopped process left unqueued (`bot.wechat.runtime.recover_stranded`)."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            if recover is not None:
                recover()
            deliver_due(sessionmaker, api)
        except Exception:  # logged, and the next round tries again
            log.exception("wechat: outbox round failed")
        stop.wait(poll)
