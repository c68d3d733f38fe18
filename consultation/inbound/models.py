"""What arrived outside the service, kept with its original until it is filed as a submission.

One InboundItem per message read from the office's mailbox (keyed by the
mailbox's UIDVALIDITY and UID, and by the message's identity, so re-reading the
folder never files a message twice) or per letter, call or forum entered by a
clerk. The original (.eml, scan) and attachments are InboundFile rows in the
database, written in the same transaction as the item: no file without its
record, no record without its file.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from consultation.clock import utcnow
from consultation.db import Base, UTCDateTime

SOURCES = ("email", "letter", "fax", "phone", "meeting")
# filing: stored, its submission being written (finished on the next pass after a crash)
# filed: a submission exists; review: a clerk must confirm targets (or lateness); manual: unreadable
# attachment, a clerk enters it; skipped: the service's own copy; duplicate: the same message again;
# rejected: the office decided it does not count (late, not feedback).
STATUSES = ("filing", "filed", "review", "manual", "skipped", "duplicate", "rejected")
FILE_ROLES = ("original", "attachment", "scan")


class InboundItem(Base):
    __tablename__ = "inbound_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[str] = mapped_column(String(80), index=True)
    source: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    # Why it waits or was skipped, as codes the office pages name (see consultation.inbound.texts).
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    mailbox: Mapped[str | None] = mapped_column(String(300))
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    uid: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[str | None] = mapped_column(String(300))
    # The message's identity (Message-ID, or a hash of the bytes without one); set on the first copy only.
    identity: Mapped[str | None] = mapped_column(String(80))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_items.id", ondelete="SET NULL"))
    # Personal data, cleared by the purge with the submission's.
    sender: Mapped[str | None] = mapped_column(String(254))
    sender_name: Mapped[str | None] = mapped_column(String(100))
    subject: Mapped[str | None] = mapped_column(Text)
    # The mailbox's own arrival time (IMAP INTERNALDATE), or when a letter or call was received.
    arrived_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the reader made of it: {"submitter": {...}, "comments": [{"target", "target_text", "kind", ...}]}.
    draft: Mapped[dict | None] = mapped_column(JSON)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str | None] = mapped_column(String(100))
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    purged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    files: Mapped[list["InboundFile"]] = relationship(back_populates="item", order_by="InboundFile.id",
                                                     cascade="all, delete-orphan")

    __table_args__ = (
        UniqueConstraint("mailbox", "uidvalidity", "uid", name="uq_inbound_mailbox_uid"),
        # NULLs are distinct in a unique constraint (SQLite and PostgreSQL): duplicates carry none.
        UniqueConstraint("consultation_id", "identity", name="uq_inbound_identity"),
    )


class InboundFile(Base):
    __tablename__ = "inbound_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inbound_items.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Why it could not be read automatically ("" when it was read, or is the original).
    unreadable: Mapped[str] = mapped_column(String(32), default="")
    data: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    item: Mapped[InboundItem] = relationship(back_populates="files")
