"""The drafting office's tables: staff, tokens, audit log, duplicate groups, decisions, settings, publication.

Personal data stays on consultation.models.Submission; nothing here copies it.
The audit table is append-only: the code has no update/delete path and the
migration installs a trigger that refuses UPDATE and DELETE (SQLite and PostgreSQL).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consultation.clock import utcnow
from consultation.db import Base, UTCDateTime
from consultation.labels import OUTCOME_LABELS

ROLES = ("viewer", "editor", "admin")
OUTCOMES = tuple(OUTCOME_LABELS)  # the codes a decision records


class StaffAccount(Base):
    __tablename__ = "office_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # TOTP (twofactor.py): the base32 secret once enrolled, sealed (twofactor.seal), and the last step accepted.
    totp_secret: Mapped[str | None] = mapped_column(String(160))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)


class RecoveryCode(Base):
    """One-time codes that stand in for the TOTP code; only their SHA-256 is kept."""

    __tablename__ = "office_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("office_accounts.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class ApiToken(Base):
    __tablename__ = "office_api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("office_accounts.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the secret
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class AuditEntry(Base):
    __tablename__ = "office_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(100), default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class DuplicateGroup(Base):
    __tablename__ = "office_duplicate_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[str] = mapped_column(String(80), index=True)
    size: Mapped[int] = mapped_column(Integer)
    threshold: Mapped[float] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Groups are per part of the draft: the same text on three rows is three decisions.
    target_ref: Mapped[str | None] = mapped_column(String(32))
    # The member whose text stands for the group in the summary (the office may choose another).
    representative_id: Mapped[int | None] = mapped_column(Integer)
    # Groups are never deleted, so their numbers are never reused (audit entries and decisions keep
    # pointing at the group they were made on); a regrouping or split retires the old ones.
    dissolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Who chose the representative (None: the default, the first member): a choice made by the office
    # follows its comment into the group a regrouping forms around it.
    representative_chosen_by: Mapped[str | None] = mapped_column(String(100))


class GroupSeparation(Base):
    """A split or a removal made by the office, remembered so that no regrouping undoes it: comments on
    different sides of one edit (`edit_id`: the audit entry that recorded it) are never grouped together
    again. The algorithm proposes; the office's own edits stand."""

    __tablename__ = "office_group_separations"

    edit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    side: Mapped[int] = mapped_column(Integer)  # 0: stayed in the group, 1: taken out


class GroupMember(Base):
    __tablename__ = "office_group_members"

    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("office_duplicate_groups.id", ondelete="CASCADE"), index=True)


DECISION_STATES = ("proposed", "approved")


class Decision(Base):
    """One decision per comment; a group decision writes one row per member with group_id set.

    An editor's decision is a proposal until an admin approves it; only approved decisions count as
    decided (progress figures, publication)."""

    __tablename__ = "office_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[str] = mapped_column(String(80), index=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), unique=True)
    group_id: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="approved", server_default="approved")
    approved_by: Mapped[str | None] = mapped_column(String(100))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Raised by every change and approval (SQLAlchemy's version counter: each UPDATE says WHERE version =
    # the one read, so two writers that read the same row cannot both write it). The office pages and API
    # carry the version they showed, so a decision made on a stale page is refused, not silently applied.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", nullable=False)
    # When the comment's sender changed its text, kind, points or part of the draft after this decision was
    # made (consultation.amendments): the decision is then about a text nobody in the office read, so it
    # went back to a proposal and the office's pages and API say so until it is decided or approved again.
    sender_changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    __mapper_args__ = {"version_id_col": version}


class OfficeSetting(Base):
    __tablename__ = "office_settings"

    consultation_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Publication(Base):
    """A numbered publication of the summary (1, 2, ...): what /summary, the receipts and the summary
    exports show until the next one. Its decisions are frozen in PublishedDecision."""

    __tablename__ = "office_publication_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[str] = mapped_column(String(80))
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    published_by: Mapped[str] = mapped_column(String(100))
    comments: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[int] = mapped_column(Integer, default=0)
    # What changed since the previous publication: [{"comment_id", "before", "after"}, ...].
    changes: Mapped[list | None] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("consultation_id", "number", name="uq_office_publication_number"),)


class PublishedDecision(Base):
    """One comment as a publication froze it: its decision (outcome None: pending when published) and what
    the summary and the submitter's receipt show of the comment itself (its part of the draft, kind, text,
    points, the submission it belongs to and the 提出单位). A publication stays as published: a comment its
    sender changes, moves or withdraws afterwards (an extended window reopens the private links) changes
    nothing here and appears in the next publication. So the row holds copies, and `comment_id` is no
    foreign key: a comment moved to another part of the draft is deleted (consultation.amendments), and its
    published row must outlive it."""

    __tablename__ = "office_published_decisions"

    publication_id: Mapped[int] = mapped_column(ForeignKey("office_publication_records.id", ondelete="CASCADE"),
                                                primary_key=True)
    comment_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    outcome: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    group_id: Mapped[int | None] = mapped_column(Integer)
    representative_id: Mapped[int | None] = mapped_column(Integer)
    # The comment as published (None only on rows of a publication whose comment was gone at migration 0226).
    submission_id: Mapped[int | None] = mapped_column(Integer, index=True)
    position: Mapped[int | None] = mapped_column(Integer)
    target_ref: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str | None] = mapped_column(String(16))
    proposal: Mapped[str | None] = mapped_column(Text)
    comment_reason: Mapped[str | None] = mapped_column(Text)
    proposed_points: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(16))
    # The organisation only where it is not personal data (visibility.organisation_is_personal): published.
    organisation: Mapped[str | None] = mapped_column(String(200))


class CommentNote(Base):
    """An internal note on a comment (never published)."""

    __tablename__ = "office_comment_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Assignment(Base):
    """Which staff member a comment is assigned to."""

    __tablename__ = "office_assignments"

    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True)
    assignee: Mapped[str] = mapped_column(String(100), index=True)
    assigned_by: Mapped[str] = mapped_column(String(100))
    assigned_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
