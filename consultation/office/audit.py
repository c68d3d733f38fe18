"""Append-only audit log of staff actions (who, what, when, before/after), read a page at a time."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consultation.i18n import N_

from .models import AuditEntry

PAGE_SIZE = 100
# Readable names of the actions; an action missing here is shown by its code.
ACTION_LABELS = {
    "account.active": N_("Account enabled or disabled"),
    "account.create": N_("Account created"),
    "account.login": N_("Logged in"),
    "account.password": N_("Password changed"),
    "account.role": N_("Role changed"),
    "account.totp": N_("Second sign-in step set up"),
    "comment.assign": N_("Comments assigned"),
    "decision.approve": N_("Decision approved"),
    "decision.sender_changed": N_("Decision reopened: the sender changed the comment"),
    "decision.set": N_("Decision proposed or changed"),
    "duplicates.regroup": N_("Duplicates regrouped"),
    "duplicates.threshold": N_("Duplicate threshold changed"),
    "group.remove": N_("Comment taken out of a group"),
    "group.representative": N_("Group's representative text chosen"),
    "group.split": N_("Group split"),
    "inbound.confirm": N_("Mail or letter confirmed and filed"),
    "inbound.download": N_("Original or attachment downloaded"),
    "inbound.correct": N_("Corrections kept, waiting for the sender's details"),
    "inbound.manual_entry": N_("Letter, call or meeting entered"),
    "inbound.reject": N_("Mail or letter not counted"),
    "login.locked": N_("Account locked after failed logins"),
    "mail.resend": N_("Mail sent again"),
    "export.download": N_("Export downloaded"),
    "revision.edit": N_("Revised text edited"),
    "revision.final": N_("Revision marked as the final text"),
    "revision.import": N_("Revised text imported"),
    "revision.link": N_("Comment linked to a change"),
    "revision.publish": N_("Comparison table published"),
    "revision.reason": N_("Reason for a change written"),
    "revision.start": N_("Revision started"),
    "revision.unlink": N_("Comment unlinked from a change"),
    "settings.self_approval": N_("Self-approval setting changed"),
    "summary.publish": N_("Summary published"),
    "token.issue": N_("API token issued"),
    "token.revoke": N_("API token revoked"),
    "window.extend": N_("Window extended"),
}


def record(session: Session, actor: str, action: str, target: str = "", before=None, after=None) -> AuditEntry:
    """When it happened is a fact of elapsed time, on the real clock (consultation.clock.utcnow, the
    column's default) whatever CONSULT_NOW says: a log that mixed the simulated calendar with real
    time could not be read in order. The calendar moment an action concerns goes in before/after."""
    entry = AuditEntry(actor=actor, action=action, target=str(target)[:100], before=before, after=after)
    session.add(entry)
    return entry


def entries(session: Session, limit: int = 200, action: str | None = None) -> list[AuditEntry]:
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if action:
        q = q.where(AuditEntry.action == action)
    return list(session.scalars(q))


def page_of(session: Session, page: int = 1, *, action: str | None = None, actor: str | None = None,
            target: str | None = None) -> tuple[list[AuditEntry], int]:
    """(entries newest first, total) for one page, filtered by action, actor and target (substring)."""
    q = select(AuditEntry)
    if action:
        q = q.where(AuditEntry.action == action)
    if actor:
        q = q.where(AuditEntry.actor == actor)
    if target:
        q = q.where(AuditEntry.target.contains(target))
    total = session.scalar(select(func.count()).select_from(q.subquery()))
    rows = session.scalars(q.order_by(AuditEntry.id.desc()).limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE))
    return list(rows), total


def actors(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))
