"""One message from WeChat, start to finish: dedup, the core, the 5-second rule, the outbox.

`WeChatRuntime.handle(message)` returns the passive reply's text, or None for
`success` (nothing now). The steps:

1. A `wechat_inbound` row keyed by MsgId (events: FromUserName + CreateTime +
   event + key) is inserted before anything else; if it already exists this is
   a retry or a replay: the stored reply is served again (WeChat only shows the
   answer to the last attempt, so the user sees one answer), or `success` when
   there is none; the core is not called again.
2. The core runs in a worker thread. If it answers within `reply_deadline`
   (4 s; WeChat gives up at 5 s), the first text is the passive reply and any
   further texts go to the outbox. Otherwise the request answers `success`
   and, when the core is done, every text goes to the outbox.
3. The outbox is delivered right away by this process, and retried by
   `consult wechat-worker` (customer-service API, within the 48-hour window).

Between 1 and 2, the sender's rate limit (bot/core/ratelimit.py, shared by every worker through Redis):
over it the message is not handled; the passive reply is one localized notice with the wait, then
nothing until a quiet period has passed. A platform retry (step 1) does not count again.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import logging
import os
import threading

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.core.ratelimit import MSG_LIMITED, UserLimiter
from consultation.clock import utcnow
from consultation.i18n import gettext

from .adapter import PLATFORM, WeChatAdapter
from .api import WeChatAPI
from .config import WeChatConfig
from .models import WeChatInbound
from .outbox import deliver_due, enqueue
from .protocol import BadRequest, Crypto

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
    def handle(self, message: dict) -> str | None:
        openid = message.get("FromUserName")
        if not isinstance(openid, str) or not openid or len(openid) > 128:
            raise BadRequest("no FromUserName")
        event = self.adapter_event(message, openid)
        inbound_id, previous = self._claim(message, openid)
        if inbound_id is None:
            return previous
        verdict = self.limiter.check(openid) if event is not None else None
        if verdict is not None and verdict.action != "ok":
            notice = None
            if verdict.action == "notice":
                notice = gettext(self.adapter.conversation.locale_for(openid), MSG_LIMITED, minutes=verdict.minutes)
            self._record(inbound_id, openid, notice, [], status="replied")
            return notice
        if event is None:
            self._record(inbound_id, openid, None, [], status="replied")
            return None
        job = _Job()
        future = self.executor.submit(self._process, inbound_id, openid, event, job)
        try:
            return future.result(timeout=self.config.reply_deadline)
        except concurrent.futures.TimeoutError:
            with job.lock:
                if not job.done:
                    job.deferred = True
            if job.deferred:
                log.info("wechat: answer to %s not ready in %.1f s; answering success, sending later",
                         inbound_id, self.config.reply_deadline)
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

    def _process(self, inbound_id: int, openid: str, event, job: _Job) -> str | None:
        try:
            texts = self.adapter.respond(openid, event, event_id=f"wx:{inbound_id}")
        except Exception:  # noqa: BLE001 - one failure never stops the endpoint; logged
            log.exception("wechat: answering %s failed", inbound_id)
            texts = self.adapter.error_texts(openid)
        with job.lock:
            if not job.deferred:
                job.done = True
                passive = texts[0] if texts else None
                self._record(inbound_id, openid, passive, texts[1:], status="replied",
                             delay=CONTINUATION_DELAY)
                if len(texts) > 1:
                    self.kick(CONTINUATION_DELAY.total_seconds())
                return passive
        self._record(inbound_id, openid, None, texts, status="deferred")
        self.kick()
        return None

    def _record(self, inbound_id, openid, passive, rest, *, status, delay=dt.timedelta(0)):
        now = utcnow()
        with self.sessionmaker() as session:
            received = session.scalar(select(WeChatInbound.received_at).where(WeChatInbound.id == inbound_id))
            enqueue(session, openid, rest, inbound_id=inbound_id, received_at=received or now, now=now + delay)
            session.execute(update(WeChatInbound).where(WeChatInbound.id == inbound_id).values(
                status=status, reply=passive, completed_at=now))
            session.commit()

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
            except Exception:  # noqa: BLE001
                log.exception("wechat: outbox delivery failed")
                return 0

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        if self.api is not None:
            self.api.close()
