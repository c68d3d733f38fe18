"""Append-only audit log of staff actions (who, what, when, before/after)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEntry


def record(session: Session, actor: str, action: str, target: str = "", before=None, after=None, at=None) -> AuditEntry:
    entry = AuditEntry(actor=actor, action=action, target=str(target), before=before, after=after)
    if at is not None:
        entry.at = at
    session.add(entry)
    return entry


def entries(session: Session, limit: int = 200, action: str | None = None) -> list[AuditEntry]:
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if action:
        q = q.where(AuditEntry.action == action)
    return list(session.scalars(q))
