"""One message from WeChat, start to finish: dedup, the core, the 5-second rule, the outbox.

`WeChatRuntime.handle(message)` returns the passive reply's text, or None for
`success` (nothing now), always within `reply_deadline` (4 s; WeChat gives up
at 5 s): every step below runs in a worker thread, so a database held by
another writer delays the answer, never the HTTP response. The steps:

1. The replay cache (a signed timestamp and nonce with one body only), then a
   `wechat_inbound` row keyed by MsgId (events: FromUserName + CreateTime +
   event + key), inserted before anything else; if it already exists this is
   a retry or a replay: the stored reply is served again (WeChat only shows the
   answer to the last attempt, so the user sees one answer), or `success` when
   there is none; the core is not called again.
2. The core runs. If it answers within the deadline, the first text is the
   passive reply and any further texts go to the outbox. Otherwise the request
   has answered `success` and, when the core is done, every text goes to the
   outbox. When texts are still owed to the user (held back by 45047, or a
   continuation not yet delivered), the new answer is queued behind them
   instead of being the passive reply, so the user reads them in order.
3. The outbox is delivered right away by this process, and retried by
   `consult wechat-worker` (customer-service API, within the 48-hour window).

"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import logging
import os
import threading
import time

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.core.ratelimit import MSG_LIMITED, UserLimiter
from consultation.clock import utcnow
from consultation.i18n import gettext

from .adapter import PLATFORM, WeChatAdapter
from .api import WeChatAPI
from .config import WeChatConfig
from .models import WeChatInbound
from .outbox import deliver_due, enqueue, owes
from .protocol import BadRequest, Crypto, Forbidden

log = logging.getLogger(__name__)

CONTINUATION_DELAY = dt.timedelta(seconds=1)  # let the passive reply arrive first


def dedup_key(message: dict) -> str:
    """Keyed by sender too: a MsgId is only unique per user, and another user's MsgId must never
    return their stored reply."""
    msg_id = str(message.get("MsgId") or "").strip()
    sender = str(message.get("FromUserName") or "")
    if msg_id:
        return f"msg:{sender}:{msg_id}"[:200]
    event = str(message.get("Event") or "").lower()
    key = str(message.get("EventKey") or "") if isinstance(message.get("EventKey"), str) else ""
    return f"evt:{sender}:{message.get('CreateTime', '')}:{event}:{key}"[:200]


PERSIST_WAITS = (1, 2, 4, 8, 16)  # seconds between attempts at a write the database refused (locked, busy)


def _persist(write):
    """Run a database step, again after a pause when the database refused it (held by another writer past
    the busy timeout): by then the request was answered `success`, and nothing else would retry it."""
    for wait in PERSIST_WAITS:
        try:
            return write()
        except OperationalError as exc:
            log.warning("wechat: database busy (%s); trying again in %d s", exc.orig, wait)
            time.sleep(wait)
    return write()


class _Job:
    def __init__(self):
        self.lock = threading.Lock()
        self.deferred = False
        self.done = False


class WeChatRuntime:
    def __init__(self, services, config: WeChatConfig, *, adapter: WeChatAdapter | None = None,
                 api: WeChatAPI | None = None, max_workers: int = 16, limiter: UserLimiter | None = None):
        self.services = services
        self.config = config
        self.sessionmaker = services.sessionmaker
        self.crypto = Crypto(config.token, config.aes_key, config.appid) if config.safe_mode else None
        self.adapter = adapter or WeChatAdapter(services)
        self.limiter = limiter or UserLimiter.from_settings(PLATFORM, os.environ, services.settings.redis_url)
        self.api = api or (WeChatAPI(config, self.sessionmaker) if config.can_call_api else None)
        self.executor = concurrent.futures.ThreadPoolExecutor(max_workers=max_workers,
                                                              thread_name_prefix="wechat")
        self._delivering = threading.Lock()

    # ------------------------------------------------------------------ entry
    def handle(self, message: dict, *, replay: tuple[str, str, bytes] | None = None) -> str | None:
        """The passive reply, or None for `success`; returns within `reply_deadline` whatever the database does.

        Everything that touches the database (the replay cache, recording the message, the core, the outbox)
        runs in the worker thread, so a database held by another writer delays the answer, never the HTTP
        response: past the deadline the request answers `success` and the answer goes through the outbox
        once the step is committed. `replay` is (timestamp, nonce, body) for the replay cache."""
        openid = message.get("FromUserName")
        if not isinstance(openid, str) or not openid or len(openid) > 128:
            raise BadRequest("no FromUserName")
        job = _Job()
        future = self.executor.submit(self._run_logged, message, openid, replay, job)
        try:
            return future.result(timeout=self.config.reply_deadline)
        except concurrent.futures.TimeoutError:
            with job.lock:
                if not job.done:
                    job.deferred = True
            if job.deferred:
                log.info("wechat: answer to %s not ready in %.1f s; answering success, sending later",
                         dedup_key(message), self.config.reply_deadline)
                return None
            return future.result()

    def first_use_of(self, timestamp: str, nonce: str, body: bytes) -> bool:
        """The replay cache: a signed (timestamp, nonce) is accepted with one body only. The same body
        again is the platform retrying (MsgId deduplication answers it); another body is a replay.
        Kept a little longer than the accepted clock skew, in the shared key store."""
        digest = hashlib.sha256(body).hexdigest()
        key = "wx:nonce:" + hashlib.sha256(f"{timestamp}:{nonce}".encode()).hexdigest()[:40]
        ttl = 2 * (self.config.max_clock_skew or 300) + 60
        keys = self.services.keys
        return keys.add(key, digest, ttl) or keys.get(key) == digest

    def adapter_event(self, message, openid):
        return self.adapter.event_for(message, openid)

    # ------------------------------------------------------------------ steps
    def _run_logged(self, message: dict, openid: str, replay, job: _Job) -> str | None:
        """`_run`, its failure logged here too: past the deadline nobody reads the future's exception."""
        try:
            return self._run(message, openid, replay, job)
        except Forbidden:
            raise
        except Exception:
            log.exception("wechat: handling %s failed", dedup_key(message))
            raise

    def _run(self, message: dict, openid: str, replay, job: _Job) -> str | None:
        if replay is not None and not _persist(lambda: self.first_use_of(*replay)):
            # Logged by the route, once per address per window (bot/wechat/views.py), with the other refusals.
            raise Forbidden("replayed timestamp and nonce with another body")
        event = self.adapter_event(message, openid)
        inbound_id, previous = _persist(lambda: self._claim(message, openid))
        if inbound_id is None:
            return previous
        verdict = self.limiter.check(openid) if event is not None else None
        if verdict is not None and verdict.action != "ok":
            texts = []
            if verdict.action == "notice":
                texts = [gettext(self.adapter.conversation.locale_for(openid), MSG_LIMITED, minutes=verdict.minutes)]
        elif event is None:
            texts = []
        else:
            texts = self._answer(inbound_id, openid, event)
        with job.lock:  # decided at once: the request thread waits for this lock only this long
            passive_allowed = not job.deferred
            job.done = passive_allowed
        return _persist(lambda: self._record(inbound_id, openid, texts, passive_allowed=passive_allowed))

    def _claim(self, message: dict, openid: str) -> tuple[int | None, str | None]:
        key = dedup_key(message)
        kind = str(message.get("MsgType", "")).lower()
        if kind == "event":
            kind += ":" + str(message.get("Event", "")).lower()
        with self.sessionmaker() as session:
            row = WeChatInbound(dedup_key=key, openid=openid, kind=kind[:32], status="processing",
                                received_at=utcnow())
            session.add(row)
            try:
                session.commit()
                return row.id, None
            except IntegrityError:
                session.rollback()
            seen = session.scalars(select(WeChatInbound).where(WeChatInbound.dedup_key == key)).first()
        log.info("wechat: %s seen before (%s); not processed again", key, seen.status if seen else "?")
        return None, (seen.reply if seen is not None and seen.status == "replied" else None)

    def _answer(self, inbound_id: int, openid: str, event) -> list[str]:
        try:
            return self.adapter.respond(openid, event, event_id=f"wx:{inbound_id}")
        except Exception:  # one failure never stops the endpoint; logged
            log.exception("wechat: answering %s failed", inbound_id)
            return self.adapter.error_texts(openid)

    def _record(self, inbound_id: int, openid: str, texts: list[str], *, passive_allowed: bool) -> str | None:
        """Store the outcome; returns the passive reply (None: `success`, everything through the outbox).

        Texts still owed to this user (held back by 45047, or not yet delivered) go first: the new answer
        is then queued behind them rather than given as the passive reply, which the user would see before
        the older text. Otherwise the last message on screen could carry an earlier step's numbered options."""
        now = utcnow()
        with self.sessionmaker() as session:
            received = session.scalar(select(WeChatInbound.received_at).where(WeChatInbound.id == inbound_id))
            owed = owes(session, openid, now)
            passive = texts[0] if texts and passive_allowed and not owed else None
            rest = texts[1:] if passive is not None else texts
            delay = CONTINUATION_DELAY if passive is not None else dt.timedelta(0)
            enqueue(session, openid, rest, inbound_id=inbound_id, received_at=received or now, now=now + delay)
            status = "replied" if passive_allowed else "deferred"
            won = session.execute(update(WeChatInbound).where(
                WeChatInbound.id == inbound_id, WeChatInbound.status == "processing").values(
                status=status, reply=passive, completed_at=now)).rowcount == 1
            if not won:  # recover_stranded took it (this thread was given up for dead): it queued the answer
                session.rollback()
                log.warning("wechat: %s was recovered meanwhile; not queued twice", inbound_id)
                return None
            session.commit()
        if rest or owed:
            self.kick(delay.total_seconds())
        return passive

    # ------------------------------------------------------------------ delivery
    def kick(self, delay: float = 0.0) -> None:
        """Deliver the outbox soon, in the background (the worker process retries what fails)."""
        if self.api is None:
            log.warning("wechat: replies are waiting in the outbox but WECHAT_APPID/WECHAT_APPSECRET are not set")
            return
        if delay:
            timer = threading.Timer(delay, self._submit_delivery)
            timer.daemon = True
            timer.start()
        else:
            self._submit_delivery()

    def _submit_delivery(self) -> None:
        try:
            self.executor.submit(self.deliver)
        except RuntimeError:  # shutting down: `consult wechat-worker` delivers what is left
            log.info("wechat: not delivering now (shutting down); the outbox keeps it")

    def deliver(self) -> int:
        with self._delivering:  # one round at a time in this process; other processes are held off by leases
            try:
                return deliver_due(self.sessionmaker, self.api)
            except Exception:
                log.exception("wechat: outbox delivery failed")
                return 0

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        if self.api is not None:
            self.api.close()


STRANDED_AFTER = dt.timedelta(minutes=10)  # far beyond any live job (its database retries included)


def recover_stranded(services, adapter: WeChatAdapter | None = None, *, older_than: dt.timedelta = STRANDED_AFTER,
                     now: dt.datetime | None = None) -> int:
    """Queue the answers of messages whose step was committed but whose outbox rows were never written (the
    process died between the two), so an answered step is never silent; returns how many were recovered.

    The core commits the step with the event's id and its reply (`bot_users.last_event_id`, `last_reply`), so
    the reply is rendered again from there. The inbound row is taken with a conditional update, as the live
    thread's `_record` is: whichever comes first queues the answer, the other nothing. A message whose step
    was never committed cannot be replayed (its text is not kept) and is marked `failed`, and logged."""
    from bot.core.types import Reply
    from bot.models import BotUser

    adapter = adapter or WeChatAdapter(services)
    now = now or utcnow()
    recovered = 0
    with services.sessionmaker() as session:
        stranded = session.execute(select(WeChatInbound.id, WeChatInbound.openid, WeChatInbound.received_at).where(
            WeChatInbound.status == "processing", WeChatInbound.received_at < now - older_than)).all()
    for inbound_id, openid, received in stranded:
        with services.sessionmaker() as session:
            user = session.scalars(select(BotUser).where(BotUser.platform == PLATFORM,
                                                         BotUser.user_id == openid)).first()
            committed = user is not None and user.last_event_id == f"wx:{inbound_id}" and bool(user.last_reply)
            won = session.execute(update(WeChatInbound).where(
                WeChatInbound.id == inbound_id, WeChatInbound.status == "processing").values(
                status="deferred" if committed else "failed", completed_at=now)).rowcount == 1
            if not won:
                session.rollback()
                continue
            if committed:
                enqueue(session, openid, adapter.render(Reply.from_json(user.last_reply)), inbound_id=inbound_id,
                        received_at=received or now)  # due at once (the real clock)
            session.commit()
        if committed:
            recovered += 1
            log.warning("wechat: %s was answered but never queued (process stopped?); queued now", inbound_id)
        else:
            log.error("wechat: %s from %s was never answered and cannot be replayed", inbound_id, openid)
    return recovered
