"""The drafting office's tables: staff, tokens, audit log, duplicate groups, decisions, settings, publication.

Personal data stays on consultation.models.Submission; nothing here copies it.
The audit table is append-only: the code has no update/delete path and the
migration installs a trigger that refuses UPDATE and DELETE (SQLite and PostgreSQL).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consultation.db import Base, UTCDateTime
from consultation.models import utcnow

ROLES = ("viewer", "editor", "admin")
OUTCOMES = ("adopted", "partly_adopted", "not_adopted", "already_provided", "out_of_scope")


class StaffAccount(Base):
    __tablename__ = "office_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # TOTP (twofactor.py): the base32 secret once enrolled, and the last time step accepted.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
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


class GroupMember(Base):
    __tablename__ = "office_group_members"

    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("office_duplicate_groups.id", ondelete="CASCADE"), index=True)


class Decision(Base):
    """One decision per comment; a group decision writes one row per member with group_id set."""

    __tablename__ = "office_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[str] = mapped_column(String(80), index=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), unique=True)
    group_id: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class OfficeSetting(Base):
    __tablename__ = "office_settings"

    consultation_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Publication(Base):
    __tablename__ = "office_publications"

    consultation_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    published_by: Mapped[str] = mapped_column(String(100))

