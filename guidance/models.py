"""Saved self-checks: answers kept under an unguessable private link, no account.

Only a SHA-256 digest of the link's token is stored, so a copy of the database
does not open anyone's self-check; the token itself is shown once, in the link.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index, Integer, String, UniqueConstraint, text
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

    # POST /api/v1/self-check with "save": true and an Idempotency-Key: the key, the SHA-256 of the body sent
    # with it and when it came (the real clock), so that a retry gets the same saved self-check and link
    # and another body under the key is refused (consultation/intake/idempotency.py, as for feedback). The
    # key is released (NULL) once its 24 hours have passed.
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    idempotency_hash: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        UniqueConstraint("token_digest", name="uq_guidance_selfchecks_token"),
        # Unique among the saves that send a key; the others stay out of the index.
        Index("uq_guidance_selfchecks_idempotency", "consultation_id", "idempotency_key", unique=True,
              sqlite_where=text("idempotency_key IS NOT NULL"), postgresql_where=text("idempotency_key IS NOT NULL")),
    )
