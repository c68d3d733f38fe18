"""What the bot remembers about each chat user, keyed by (platform, user id).

One row holds the conversation step, the feedback being drafted and the
language the user chose; it is written in the same transaction that decides
the reply, before the reply is sent, so a bot killed at any moment resumes at
the step the user was last told about. `last_event_id`/`last_reply` make a
redelivered update (Telegram after a crash, WeChat's retries) answer the same
thing again instead of acting twice.

`bot_outbox` holds each reply message with the step and event that produced it,
written in that same transaction; the adapter delivers the rows of a chat in
order and marks each sent only once the platform acknowledged it, so a reply is
never lost to a platform hiccup or a crash between deciding and sending.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consultation.clock import utcnow
from consultation.db import Base, UTCDateTime


class BotUser(Base):
    __tablename__ = "bot_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))  # telegram | wechat
    user_id: Mapped[str] = mapped_column(String(128))
    locale: Mapped[str | None] = mapped_column(String(8))  # set by /lang only; None: follow the platform
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    draft: Mapped[dict] = mapped_column(JSON, default=dict)
    last_event_id: Mapped[str | None] = mapped_column(String(128))
    last_reply: Mapped[dict | None] = mapped_column(JSON)
    events: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_bot_users_platform_user"),)


class BotOutbox(Base):
    """One message owed to a chat; pending → sending (a request is out) → sent, or failed (refused for good).

    A row is `sending` only while a request is on the wire: a row found `sending` after its lease
    ended was interrupted mid-request and is sent again (the one case where a user may see a
    message twice: the platform may have taken it). Waiting for a retry is `pending` with
    `next_attempt_at`, so a crash while waiting loses nothing and sends nothing twice.
    """

    __tablename__ = "bot_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    event_id: Mapped[str | None] = mapped_column(String(128))
    step: Mapped[str] = mapped_column(String(64))
    message: Mapped[dict] = mapped_column(JSON)  # bot.core.types.OutMessage as JSON, rendered at send time
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending|sending|sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_bot_outbox_chat", "platform", "chat_id", "status"),
        Index("ix_bot_outbox_due", "status", "next_attempt_at"),
    )
