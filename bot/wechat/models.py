"""WeChat tables: messages seen (dedup), replies owed (outbox), the shared access token.

- `wechat_inbound`: one row per platform message, keyed by MsgId (or sender,
  CreateTime and event for events), inserted before anything is processed, so
  WeChat's retries and replays are answered from the row instead of acting twice.
- `wechat_outbox`: texts to deliver through the customer-service API
  (`message/custom/send`): answers not ready within WeChat's 5 s and the
  continuation of answers longer than one message. Claimed row by row with a
  lease, so the web process and `consult wechat-worker` never send one twice.
- `wechat_access_tokens`: the platform's access_token, one per app id, shared by
  every process through the database (the platform limits how often it may be
  fetched, and a new one invalidates the old after a few minutes).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from consultation.clock import utcnow
from consultation.db import Base, UTCDateTime


class WeChatInbound(Base):
    __tablename__ = "wechat_inbound"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    openid: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # text | event:click | event:subscribe | ...
    status: Mapped[str] = mapped_column(String(12), default="processing")  # processing|replied|deferred|failed
    reply: Mapped[str | None] = mapped_column(Text)  # the passive reply's text, served again to a retry
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class WeChatOutbox(Base):
    __tablename__ = "wechat_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("wechat_inbound.id", ondelete="SET NULL"))
    openid: Mapped[str] = mapped_column(String(128), index=True)
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)  # pending|sending|sent|failed|expired
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The customer-service API only reaches a user within 48 hours of their last message.
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class WeChatAccessToken(Base):
    __tablename__ = "wechat_access_tokens"

    appid: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Who is fetching a new token right now (so only one process calls cgi-bin/token).
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
