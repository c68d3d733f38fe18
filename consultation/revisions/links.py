"""Which comments a change answers, why it was made, and what the office still has to look at.

Links are kept by the change's origin (its draft reference, or new-N), so they hold from revision 1 to the
final text. Linking a duplicate group links each of its members, as a group decision decides each member:
a later regrouping never loses a link.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consultation.i18n import N_
from consultation.intake import fields
from consultation.models import Comment
from consultation.office import audit
from consultation.office.duplicates import members_of
from consultation.office.models import Decision, DuplicateGroup

from .changes import Change
from .editing import EditRefused
from .models import ChangeLink, ChangeReason

ANSWERED_OUTCOMES = ("adopted", "partly_adopted")
MAX_LINK_REASON = 2000


def link(session: Session, consultation_id: str, origin: str, *, comment_ids: list[int] | None = None,
         group_id: int | None = None, changes: list[Change], actor: str, now: dt.datetime) -> list[int]:
    """Link comments (or a group's members) to the change `origin`; returns the comment ids newly linked."""
    if origin not in {c.origin for c in changes}:
        raise EditRefused([("origin", N_("No such change in the latest revision."), {})])
    if group_id is not None:
        group = session.get(DuplicateGroup, group_id)
        if group is None or group.consultation_id != consultation_id or group.dissolved_at is not None:
            raise EditRefused([("group_id", N_("No such group."), {})])
        ids = members_of(session, group_id)
    else:
        ids = sorted(set(comment_ids or []))
    if not ids:
        raise EditRefused([("comment_id", N_("Give the number of a comment or a group."), {})])
    found = set(session.scalars(select(Comment.id).where(Comment.id.in_(ids),
                                                          Comment.consultation_id == consultation_id)))
    if found != set(ids):
        raise EditRefused([("comment_id", N_("No such comment."), {})])
    have = set(session.scalars(select(ChangeLink.comment_id).where(
        ChangeLink.consultation_id == consultation_id, ChangeLink.origin == origin)))
    added = [cid for cid in ids if cid not in have]
    for cid in added:
        session.add(ChangeLink(consultation_id=consultation_id, origin=origin, comment_id=cid, group_id=group_id,
                               linked_by=actor, linked_at=now))
        audit.record(session, actor, "revision.link", f"change:{origin}", None,
                     {"comment_id": cid, "group_id": group_id})
    session.flush()
    return added


def unlink(session: Session, consultation_id: str, origin: str, comment_id: int, *, actor: str,
           now: dt.datetime) -> bool:
    row = session.scalars(select(ChangeLink).where(ChangeLink.consultation_id == consultation_id,
                                                   ChangeLink.origin == origin,
                                                   ChangeLink.comment_id == comment_id)).first()
    if row is None:
        return False
    audit.record(session, actor, "revision.unlink", f"change:{origin}",
                 {"comment_id": comment_id, "group_id": row.group_id}, None)
    session.delete(row)
    session.flush()
    return True


def set_reason(session: Session, consultation_id: str, origin: str, reason: str, *, changes: list[Change],
               actor: str, now: dt.datetime) -> None:
    reason = (reason or "").strip()
    if origin not in {c.origin for c in changes}:
        raise EditRefused([("origin", N_("No such change in the latest revision."), {})])
    try:  # the one rule for typed text: no controls, bidi or noncharacters; nothing visible is no reason
        reason = fields.kept_text(reason)
    except ValueError:
        raise EditRefused([("reason", fields.MSG_CONTROL, {})]) from None
    if len(reason) > MAX_LINK_REASON:
        raise EditRefused([("reason", N_("The text is longer than %(max)d characters."), {"max": MAX_LINK_REASON})])
    row = session.get(ChangeReason, (consultation_id, origin))
    before = {"reason": row.reason} if row else None
    if row is None:
        row = ChangeReason(consultation_id=consultation_id, origin=origin, reason=reason, updated_by=actor,
                           updated_at=now)
        session.add(row)
    row.reason, row.updated_by, row.updated_at = reason, actor, now
    audit.record(session, actor, "revision.reason", f"change:{origin}", before, {"reason": reason})
    session.flush()


def reasons(session: Session, consultation_id: str) -> dict[str, str]:
    return dict(session.execute(select(ChangeReason.origin, ChangeReason.reason)
                                .where(ChangeReason.consultation_id == consultation_id)).all())


def linked(session: Session, consultation_id: str) -> dict[str, list[int]]:
    """Origin -> linked comment ids, in id order."""
    out: dict[str, list[int]] = {}
    for origin, cid in session.execute(select(ChangeLink.origin, ChangeLink.comment_id)
                                       .where(ChangeLink.consultation_id == consultation_id)
                                       .order_by(ChangeLink.comment_id)):
        out.setdefault(origin, []).append(cid)
    return out


@dataclass(frozen=True)
class Unanswered:
    comment_id: int
    target_ref: str
    outcome: str
    reason: str
    group_id: int | None


def decisions_without_change(session: Session, consultation_id: str) -> list[Unanswered]:
    """Comments decided 采纳 or 部分采纳 (approved decisions) that no change is linked to (may be fine; the
    office must see them)."""
    q = (select(Comment.id, Comment.target_ref, Decision.outcome, Decision.reason, Decision.group_id)
         .join(Decision, Decision.comment_id == Comment.id)
         .where(Comment.consultation_id == consultation_id, Decision.outcome.in_(ANSWERED_OUTCOMES),
                Decision.status == "approved",
                ~select(ChangeLink.id).where(ChangeLink.comment_id == Comment.id).exists())
         .order_by(Comment.id))
    return [Unanswered(*row) for row in session.execute(q)]


def changes_without_comment(session: Session, consultation_id: str, changes: list[Change]) -> list[Change]:
    """Changes no comment is linked to (an editorial correction, say; the office must see them)."""
    have = linked(session, consultation_id)
    return [c for c in changes if not have.get(c.origin)]


def contributed(session: Session, consultation_id: str, comment_ids) -> dict[int, list[str]]:
    """Comment id -> origins of the changes it is linked to (for receipts)."""
    ids = list(comment_ids)
    if not ids:
        return {}
    out: dict[int, list[str]] = {}
    for cid, origin in session.execute(select(ChangeLink.comment_id, ChangeLink.origin).where(
            ChangeLink.consultation_id == consultation_id, ChangeLink.comment_id.in_(ids))):
        out.setdefault(cid, []).append(origin)
    return out


def count_linked(session: Session, consultation_id: str) -> int:
    return session.scalar(select(func.count()).select_from(ChangeLink)
                          .where(ChangeLink.consultation_id == consultation_id)) or 0
