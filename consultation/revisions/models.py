"""The office's revisions of the text, the reasons for each change and the comments behind them.

A revision holds the whole consultation file as the strict loader reads it (so every revision is validated
by the same code as the draft) and, beside it, where each of its nodes came from: `origins` maps each of the
revision's references to the draft reference it descends from, or to a key "new-N" for a node the office
added. Reasons and links are keyed by that origin, so they carry over from revision 1 to the final one and a
renumbered row keeps them.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consultation.clock import utcnow
from consultation.db import Base, UTCDateTime

STATUSES = ("open", "closed", "final")


class TextRevision(Base):
    __tablename__ = "text_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[str] = mapped_column(String(80))
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, …; the draft as consulted on is number 0 and not stored
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | closed | final
    version: Mapped[int] = mapped_column(Integer, default=1)  # +1 on each saved edit: a stale form is refused
    content: Mapped[dict] = mapped_column(JSON)
    origins: Mapped[dict] = mapped_column(JSON)  # revision ref -> draft ref or "new-N"
    source: Mapped[str] = mapped_column(String(200), default="")  # "office" or the imported file's name
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finalised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())  # the comparison table, publicly

    __table_args__ = (UniqueConstraint("consultation_id", "number", name="uq_text_revisions_number"),)


class ChangeReason(Base):
    """Why a node changed, as the comparison table prints it."""

    __tablename__ = "text_change_reasons"

    consultation_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    origin: Mapped[str] = mapped_column(String(40), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ChangeLink(Base):
    """A comment whose decision a change answers; linking a group writes one row per member (group_id set)."""

    __tablename__ = "text_change_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[str] = mapped_column(String(80))
    origin: Mapped[str] = mapped_column(String(40))
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(Integer)
    linked_by: Mapped[str] = mapped_column(String(100))
    linked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        UniqueConstraint("consultation_id", "origin", "comment_id", name="uq_text_change_links"),
        Index("ix_text_change_links_origin", "consultation_id", "origin"),
    )


class RowScoring(Base):
    """A scoring reference the office wrote for an indicator row the revised text added (or now assesses
    another way), which the scoring files written per draft row cannot cover. Keyed by the row's origin, so it
    follows the row when renumbered; the reference is in the scoring files' format and validated by
    guidance.selfcheck (which uses it); `source` says where it comes from."""

    __tablename__ = "text_row_scoring"

    consultation_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    origin: Mapped[str] = mapped_column(String(40), primary_key=True)
    reference: Mapped[dict] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
