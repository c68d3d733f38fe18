"""Saved self-checks: answers kept under an unguessable private link, no account.

Only a SHA-256 digest of the link's token is stored, so a copy of the database
does not open anyone's self-check; the token itself is shown once, in the link.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consultation.clock import utcnow
from consultation.db import Base, UTCDateTime


class SavedSelfCheck(Base):
    __tablename__ = "guidance_selfchecks"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_digest: Mapped[str] = mapped_column(String(64))
    consultation_id: Mapped[str] = mapped_column(String(80))
    zone_types: Mapped[list] = mapped_column(JSON, default=list)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # by question name, e.g. {"annex-1/16": 120}
    channel: Mapped[str] = mapped_column(String(16), default="web")
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # The text it was made on and is scored against: None for the draft, else the final revision's number.
    text_revision: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("token_digest", name="uq_guidance_selfchecks_token"),)
