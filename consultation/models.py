"""Stored submissions, their comments and the mail outbox.

Personal data lives only on Submission (name, organisation, phone, email) so
that purging contacts is one UPDATE and comments never carry it.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .clock import utcnow
from .db import Base, UTCDateTime

CHANNELS = ("web", "api", "telegram", "wechat", "imported", "email", "letter", "fax", "phone", "meeting")
# Why the service may hold the submitter's details: a ticked box on a public form or bot, or the
# sender chose to write to the office (its mailbox, a letter, a call) and a clerk filed it.
CONSENT_BASES = ("form", "sent_to_office")
COMMENT_KINDS = ("support", "amend", "delete", "add", "other")
CATEGORIES = ("individual", "enterprise", "government", "academic", "association", "other")


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    # Not indexed on its own: the office's queries read a consultation's submissions through (one
    # consultation per database in practice), and every submission would write the index.
    consultation_id: Mapped[str] = mapped_column(String(80))
    channel: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(100))
    organisation: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    consent: Mapped[bool] = mapped_column(Boolean)
    consent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    consent_basis: Mapped[str] = mapped_column(String(16), default="form", server_default="form")
    # Which chat account sent it ("telegram:123"), so /myreceipts can list it.
    account: Mapped[str | None] = mapped_column(String(80))
    idempotency_key: Mapped[str | None] = mapped_column(String(100))
    # SHA-256 of the body sent with the key: the same key with another body is refused (intake/idempotency.py).
    idempotency_hash: Mapped[str | None] = mapped_column(String(64))
    # When it was stored on the real clock (created_at follows CONSULT_NOW): keys expire and identical
    # repeats are recognised by elapsed time, which a simulated date must not stretch.
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Not indexed: only the retention purge filters on it, and every submission would write the index.
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    contacts_purged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Set by consultation.amendments through the private link while the window is open: the office sees
    # the latest text and that (and when) it changed; the reference stays.
    amended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    comments: Mapped[list["Comment"]] = relationship(
        back_populates="submission", order_by="Comment.position", cascade="all, delete-orphan")

    __table_args__ = (
        # Unique among the requests that send a key; the others stay out of the index.
        Index("uq_submission_idempotency", "consultation_id", "idempotency_key", unique=True,
              sqlite_where=text("idempotency_key IS NOT NULL"), postgresql_where=text("idempotency_key IS NOT NULL")),
        # Only chat submissions carry an account: web and API ones stay out of this index.
        Index("ix_submissions_account", "account", sqlite_where=text("account IS NOT NULL"),
              postgresql_where=text("account IS NOT NULL")),
        # The few withdrawn submissions, for consultation.amendments.comment_considered().
        Index("ix_submissions_withdrawn", "withdrawn_at", sqlite_where=text("withdrawn_at IS NOT NULL"),
              postgresql_where=text("withdrawn_at IS NOT NULL")),
    )


class RepeatGuard(Base):
    """The latest public submission of each fingerprint (comments and contact), claimed in the storing
    transaction: an identical repeat within REPEAT_WINDOW_MINUTES finds its row (consultation/intake/repeats.py).
    Rows older than the window are useless and deleted (they hold a hash of the contact)."""
    __tablename__ = "repeat_guards"

    # The 64-bit fingerprint as a signed integer: on SQLite the rowid itself (the type must read INTEGER
    # for that), so the claim writes one B-tree and no index.
    fingerprint: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True,
                                             autoincrement=False)
    reference: Mapped[str] = mapped_column(String(32))
    account: Mapped[str | None] = mapped_column(String(80))
    # When the submission arrived, in milliseconds since the epoch (real clock): an integer, bound without
    # a type's processor and compared as a number on both databases (repeats.stamp).
    received_ms: Mapped[int] = mapped_column(BigInteger)


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    consultation_id: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    target_ref: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    original_text: Mapped[str] = mapped_column(Text)
    proposal: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    proposed_points: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="comments")

    __table_args__ = (
        # Covers the office's counts per part of the draft, withdrawn submissions left out (migration 0221).
        Index("ix_comments_consultation_target", "consultation_id", "target_ref", "submission_id"),
        # Receipts and the office's views join comments by submission (created by the office branch).
        Index("ix_office_comments_submission", "submission_id"),
    )


class WindowChange(Base):
    """An extension of a consultation's window; the latest one wins for every channel."""

    __tablename__ = "window_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[str] = mapped_column(String(80), index=True)
    closes_on: Mapped[dt.date] = mapped_column(Date)  # inclusive, local time
    reason: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OutboxMessage(Base):
    """Mail owed to someone, written in the submission's own transaction."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"))
    purpose: Mapped[str] = mapped_column(String(16))  # receipt | office | answered | digest
    recipient: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(8))
    # pending | sending | sent | failed, and from the mail caps (consultation.mail.caps): skipped | held | digested
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id", ondelete="SET NULL",
                                                             name="fk_outbox_digest_id_outbox"))

    submission: Mapped[Submission | None] = relationship()


class FeedbackDraft(Base):
    """Comments being written on the web form, before anything is sent (consultation.drafts).

    No personal data: only the comments, under a random id the browser keeps in a cookie, for at most
    drafts.DRAFT_DAYS days on the real clock, and `client`, a keyed hash of the network address that started
    the draft (never the address), by which drafts.DRAFTS_PER_CLIENT caps the drafts one address keeps.
    """

    __tablename__ = "feedback_drafts"
    __table_args__ = (
        # The drafts of one client address, least recently saved first: what a new draft evicts (migration 0231).
        Index("ix_feedback_drafts_client", "client", "updated_at"),
    )

    id: Mapped[str] = mapped_column(String(43), primary_key=True)
    consultation_id: Mapped[str] = mapped_column(String(80))
    comments: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    client: Mapped[str | None] = mapped_column(String(32))
