"""Decisions on comments and duplicate groups; every change audited with before/after.

A decision on a group writes the same outcome and reason on each member (group_id set),
so readers only ever look up one row per comment.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultation.i18n import N_
from consultation.models import Comment

from . import audit
from .accounts import has_role
from .duplicates import members_of
from .models import OUTCOMES, Decision, DuplicateGroup, GroupMember, OfficeSetting, StaffAccount


class DecisionRefused(ValueError):
    pass


MSG_RACED = N_("Another decision on the same comment was recorded at the same moment, so this one was not: "
               "look at the comment again and decide anew if it should change.")


class DecisionRaced(DecisionRefused):
    """A first decision on a comment lost to another recorded at the same moment (two editors, or a client's
    retry): the unique row per comment refused the second INSERT. Nothing of this request was written (the
    caller rolls back); the one that won is not silently replaced by a decision made without seeing it."""


@dataclass(frozen=True)
class DecisionView:
    comment_id: int
    outcome: str | None
    reason: str
    group_id: int | None
    group_size: int
    decided_by: str | None
    decided_at: dt.datetime | None
    status: str | None = None  # proposed | approved (None: undecided)
    approved_by: str | None = None
    approved_at: dt.datetime | None = None

    def as_dict(self) -> dict:
        return {"comment_id": self.comment_id, "outcome": self.outcome, "reason": self.reason,
                "group": self.group_id, "group_size": self.group_size, "decided_by": self.decided_by,
                "decided_at": self.decided_at, "status": self.status, "approved_by": self.approved_by,
                "approved_at": self.approved_at}


def _snapshot(d: Decision | None) -> dict | None:
    if d is None:
        return None
    return {"outcome": d.outcome, "reason": d.reason, "group_id": d.group_id, "decided_by": d.decided_by,
            "decided_at": d.decided_at.isoformat() if d.decided_at else None, "status": d.status,
            "approved_by": d.approved_by}


def _validate(outcome: str, reason: str) -> str:
    reason = (reason or "").strip()
    if outcome not in OUTCOMES:
        raise DecisionRefused(N_("Choose an outcome."))
    if outcome != "adopted" and not reason:
        raise DecisionRefused(N_("Give the reason unless the comment is adopted."))
    return reason


def _write(session: Session, ids: list[int], outcome: str, reason: str, group_id: int | None, actor: str,
           now: dt.datetime, approve: bool) -> None:
    comments = dict(session.execute(select(Comment.id, Comment.consultation_id).where(Comment.id.in_(ids))).all())
    if len(comments) != len(ids):
        raise DecisionRefused(N_("No such comment."))
    existing = {d.comment_id: d for d in session.scalars(select(Decision).where(Decision.comment_id.in_(ids)))}
    for cid in ids:
        d = existing.get(cid)
        before = _snapshot(d)
        if d is None:
            d = Decision(comment_id=cid, consultation_id=comments[cid])
            session.add(d)
        d.outcome, d.reason, d.group_id, d.decided_by, d.decided_at = outcome, reason, group_id, actor, now
        d.status, d.approved_by, d.approved_at = ("approved", actor, now) if approve else ("proposed", None, None)
        audit.record(session, actor, "decision.set", f"comment:{cid}", before, _snapshot(d))
    try:
        session.flush()
    except IntegrityError as exc:  # office_decisions.comment_id is unique: another first decision won
        raise DecisionRaced(MSG_RACED) from exc


def decide(session: Session, *, comment_ids: list[int] | None = None, group_id: int | None = None,
           outcome: str, reason: str, actor: str, now: dt.datetime, override=(), approve: bool = False) -> list[int]:
    """Record (or change) the decision on the given comments, each chosen explicitly; returns their ids.
    It is a proposal until an admin approves it (`approve`: recorded as approved at once, for an admin
    allowed to approve their own). With `group_id`, see decide_group."""
    if group_id is not None:
        return decide_group(session, group_id, outcome=outcome, reason=reason, actor=actor, now=now,
                            override=override, approve=approve)[0]
    reason = _validate(outcome, reason)
    ids = sorted({int(c) for c in comment_ids or []})
    if not ids:
        raise DecisionRefused(N_("Nothing to decide on."))
    _write(session, ids, outcome, reason, None, actor, now, approve)
    return ids


def decide_group(session: Session, group_id: int, *, outcome: str, reason: str, actor: str, now: dt.datetime,
                 override=(), approve: bool = False) -> tuple[list[int], list[int]]:
    """A decision on a duplicate group applies to its undecided members; a member already decided
    keeps its decision unless listed in `override` (an explicit choice per member).
    Returns (written, kept)."""
    reason = _validate(outcome, reason)
    group = session.get(DuplicateGroup, group_id)
    if group is None or group.dissolved_at is not None:
        raise DecisionRefused(N_("No such group."))
    ids = members_of(session, group_id)
    override = {int(c) for c in override}
    if not override <= set(ids):
        raise DecisionRefused(N_("No such comment."))
    decided = set(session.scalars(select(Decision.comment_id).where(Decision.comment_id.in_(ids))))
    write = [c for c in ids if c not in decided or c in override]
    kept = [c for c in ids if c not in write]
    if not write:
        raise DecisionRefused(N_("Every member is already decided: tick the ones to change."))
    _write(session, write, outcome, reason, group_id, actor, now, approve)
    return write, kept


SELF_APPROVAL = "self_approval"  # office setting: may an admin approve their own proposals? default no


def self_approval_allowed(session: Session, consultation_id: str) -> bool:
    row = session.get(OfficeSetting, (consultation_id, SELF_APPROVAL))
    return row is not None and row.value == "1"


def set_self_approval(session: Session, consultation_id: str, allowed: bool, *, actor: str, now: dt.datetime) -> None:
    before = self_approval_allowed(session, consultation_id)
    session.merge(OfficeSetting(consultation_id=consultation_id, key=SELF_APPROVAL, value="1" if allowed else "0"))
    audit.record(session, actor, "settings.self_approval", consultation_id, {"allowed": before},
                 {"allowed": allowed})


def approve(session: Session, comment_ids, *, actor: str, now: dt.datetime,
            allow_own: bool = False) -> tuple[list[int], list[int]]:
    """Approve proposed decisions (the admin's sign-off). A proposal by `actor` is approved only when
    `allow_own` (the office's setting). Returns (approved, refused_own)."""
    ids = sorted({int(c) for c in comment_ids})
    done, own = [], []
    for d in session.scalars(select(Decision).where(Decision.comment_id.in_(ids or [-1]),
                                                    Decision.status == "proposed")):
        if d.decided_by == actor and not allow_own:
            own.append(d.comment_id)
            continue
        before = _snapshot(d)
        d.status, d.approved_by, d.approved_at = "approved", actor, now
        audit.record(session, actor, "decision.approve", f"comment:{d.comment_id}", before, _snapshot(d))
        done.append(d.comment_id)
    session.flush()
    return sorted(done), sorted(own)


def records_approved(session: Session, consultation_id: str, account: StaffAccount) -> bool:
    """Whether a decision `account` records counts as approved at once: an editor's never (it is a
    proposal), an admin's only when the office lets admins approve their own."""
    return has_role(account, "admin") and self_approval_allowed(session, consultation_id)


@dataclass(frozen=True)
class Approval:
    approved: list[int]
    own: list[int]  # the approver's own proposals, left for another admin (the setting is off)
    not_proposed: list[int]  # undecided, already approved, or not a comment of this consultation


def approve_as(session: Session, consultation_id: str, comment_ids, *, account: StaffAccount,
               now: dt.datetime) -> Approval:
    """The review step, one rule for the office pages and the API: only an admin approves, and their own
    proposals only when the office's setting allows it (default off)."""
    if not has_role(account, "admin"):
        raise DecisionRefused(N_("Only an administrator approves decisions."))
    ids = sorted({int(c) for c in comment_ids})
    if not ids:
        raise DecisionRefused(N_("Nothing to approve."))
    mine = set(session.scalars(select(Decision.comment_id).where(Decision.comment_id.in_(ids),
                                                                 Decision.consultation_id == consultation_id,
                                                                 Decision.status == "proposed")))
    done, own = approve(session, sorted(mine), actor=account.username, now=now,
                        allow_own=self_approval_allowed(session, consultation_id))
    return Approval(done, own, [c for c in ids if c not in mine])


def proposed(session: Session, consultation_id: str, limit: int = 500) -> list[Decision]:
    return list(session.scalars(select(Decision).where(Decision.consultation_id == consultation_id,
                                                       Decision.status == "proposed")
                                .order_by(Decision.decided_at, Decision.comment_id).limit(limit)))


def decisions_for_comments(session: Session, comment_ids) -> dict[int, DecisionView]:
    """Bulk variant of decision_for_comment: {comment_id: DecisionView} (undecided ones too)."""
    ids = list(comment_ids)
    out: dict[int, DecisionView] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        groups = dict(session.execute(
            select(GroupMember.comment_id, DuplicateGroup.id).join(DuplicateGroup, DuplicateGroup.id == GroupMember.group_id)
            .where(GroupMember.comment_id.in_(chunk))).all())
        sizes = dict(session.execute(select(DuplicateGroup.id, DuplicateGroup.size)
                                     .where(DuplicateGroup.id.in_(set(groups.values())))).all()) if groups else {}
        decided = {d.comment_id: d for d in session.scalars(select(Decision).where(Decision.comment_id.in_(chunk)))}
        for cid in chunk:
            d = decided.get(cid)
            gid = groups.get(cid)
            out[cid] = DecisionView(cid, d.outcome if d else None, d.reason if d else "", gid,
                                    sizes.get(gid, 1), d.decided_by if d else None, d.decided_at if d else None,
                                    d.status if d else None, d.approved_by if d else None,
                                    d.approved_at if d else None)
    return out


def decision_for_comment(session: Session, comment_id: int) -> DecisionView:
    return decisions_for_comments(session, [comment_id])[comment_id]


def decisions_by_comment(session: Session, consultation_id: str) -> dict[int, dict]:
    """Every comment of a consultation that is decided or grouped: {comment_id: dict} (for exports)."""
    sizes = dict(session.execute(select(DuplicateGroup.id, DuplicateGroup.size)
                                 .where(DuplicateGroup.consultation_id == consultation_id)).all())
    out: dict[int, dict] = {}
    for cid, gid in session.execute(select(GroupMember.comment_id, GroupMember.group_id)
                                    .where(GroupMember.group_id.in_(list(sizes) or [-1]))):
        out[cid] = {"outcome": None, "reason": "", "group": str(gid), "group_size": sizes[gid],
                    "decided_by": None, "decided_at": None}
    for d in session.scalars(select(Decision).where(Decision.consultation_id == consultation_id)):
        row = out.setdefault(d.comment_id, {"group": None, "group_size": 1})
        row.update(outcome=d.outcome, reason=d.reason, decided_by=d.decided_by, decided_at=d.decided_at)
    return out
