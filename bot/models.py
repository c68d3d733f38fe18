"""What the bot remembers about each chat user, keyed by (platform, user id).

One row holds the conversation step, the feedback being drafted and the
language the user chose; it is written in the same transaction that decides
the reply, before the reply is sent, so a bot killed at any moment resumes at
the step the user was last told about. `last_event_id`/`last_reply` make a
redelivered update (Telegram after a crash, WeChat's retries) answer the same
thing again instead of acting twice.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consultation.db import Base, UTCDateTime


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


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
