"""Decisions on comments and duplicate groups; every change audited with before/after.

A decision on a group writes the same outcome and reason on each member (group_id set),
so readers only ever look up one row per comment.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from consultation.i18n import N_
from consultation.intake import fields
from consultation.models import Comment, Submission

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


MSG_STALE = N_("The decision on these comments changed after your page was shown, so nothing was recorded for "
               "them: look at the current decision and decide anew.")
MSG_WITHDRAWN = N_("These comments belong to submissions their senders withdrew: they are not decided, so nothing "
                   "was recorded for them.")
MSG_LOCKED = N_("These comments have an approved decision: only an administrator changes an approved decision, "
                "so nothing was recorded for them.")
MSG_UNSEEN = N_("Another person has decided these comments, so nothing was recorded for them: to replace their "
                "decision, send the version you saw (expected), or look at the current decision and decide anew.")
MSG_UNSEEN_APPROVAL = N_("These proposals were made by another person and your request did not say which version you "
                         "saw, so they were not approved: send each proposal's version (expected), or look at the "
                         "proposals again and approve them anew.")
MSG_STALE_APPROVAL = N_("The proposal on these comments changed after your page was shown, so they were not "
                        "approved: look at the current proposal and approve it anew.")


class DecisionOnComments(DecisionRefused):
    """A refusal about particular comments (`ids`): nothing of the request was written."""

    def __init__(self, message: str, ids):
        super().__init__(message)
        self.ids = sorted(ids)


class DecisionStale(DecisionOnComments):
    """The decision the caller saw (its version, None for undecided) is no longer the comment's decision:
    someone else decided or approved in the meantime. Written over silently, their decision would be lost
    and the caller's made on something they never saw."""


class DecisionWithdrawn(DecisionOnComments):
    """The comments belong to withdrawn submissions, which are not comments to decide (or approve)."""


class DecisionLocked(DecisionOnComments):
    """An approved decision changed by someone who may not approve: an editor's change would otherwise turn
    the approved decision back into a proposal, and the approval would be lost without an administrator."""


def version_of(d: Decision | None) -> int | None:
    """The version a page or client shows for a comment's decision: None while undecided."""
    return d.version if d is not None else None


def _withdrawn(session: Session, ids) -> set[int]:
    return set(session.scalars(select(Comment.id).join(Submission, Submission.id == Comment.submission_id)
                               .where(Comment.id.in_(list(ids) or [-1]), Submission.withdrawn_at.is_not(None))))


def _check_expected(existing: dict, ids, expected: dict | None, message: str = MSG_STALE,
                    actor: str | None = None) -> None:
    """Refuse when a comment listed in `expected` has another decision (version) than the caller saw.

    With `actor` given (a decision about to be written), a comment `expected` does not list (or no `expected`
    at all: an API client that does not send it) is refused when someone else decided it. The caller has not
    said it saw that decision, and replacing it unseen is how three clerks deciding one comment at once each
    got 200 with the last one's outcome kept (attack round 8, F4), and how `"expected": {}` or a map naming
    only other comments still did (round 9). Undecided comments and the caller's own decisions may be written
    without a version."""
    listed = expected or {}
    stale = [c for c in ids if c in listed and version_of(existing.get(c)) != listed[c]]
    if stale:
        raise DecisionStale(message, stale)
    if actor:
        unseen = [c for c in ids if c not in listed and c in existing and existing[c].decided_by != actor]
        if unseen:
            raise DecisionStale(MSG_UNSEEN, unseen)


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
    version: int | None = None  # the decision's version (None: undecided), what a page or client sends back
    # When the sender changed the comment after this decision (None: not since): see sender_changed.
    sender_changed_at: dt.datetime | None = None
    # When the sender withdrew the submission (None: not withdrawn): nothing to decide, and a client that is
    # not told so lists it as work to do (attack round 13, F2).
    withdrawn_at: dt.datetime | None = None

    def as_dict(self) -> dict:
        return {"comment_id": self.comment_id, "outcome": self.outcome, "reason": self.reason,
                "group": self.group_id, "group_size": self.group_size, "decided_by": self.decided_by,
                "decided_at": self.decided_at, "status": self.status, "approved_by": self.approved_by,
                "approved_at": self.approved_at, "version": self.version,
                "sender_changed_at": self.sender_changed_at, "withdrawn_at": self.withdrawn_at}


def _snapshot(d: Decision | None) -> dict | None:
    if d is None:
        return None
    return {"outcome": d.outcome, "reason": d.reason, "group_id": d.group_id, "decided_by": d.decided_by,
            "decided_at": d.decided_at.isoformat() if d.decided_at else None, "status": d.status,
            "approved_by": d.approved_by,
            "sender_changed_at": d.sender_changed_at.isoformat() if d.sender_changed_at else None}


def clean_reason(reason: str | None) -> str:
    """A decision's reason as stored, by the rule for text people type (fields.checked_text, the rule of a
    public comment's text): the reasons are published, so a control or bidi character is refused
    (DecisionRefused(MSG_CONTROL)) and zero-width or filler characters alone leave it empty. The web form,
    the bulk form and the API all come here (through `_validate`), so none takes what another refuses
    (retest round 11, N2)."""
    try:
        return fields.checked_text(reason or "")
    except ValueError:
        raise DecisionRefused(fields.MSG_CONTROL) from None


def _validate(outcome: str, reason: str) -> str:
    reason = clean_reason(reason)
    if outcome not in OUTCOMES:
        raise DecisionRefused(N_("Choose an outcome."))
    if outcome != "adopted" and not reason:
        raise DecisionRefused(N_("Give the reason unless the comment is adopted."))
    return reason


def _write(session: Session, ids: list[int], outcome: str, reason: str, group_id: int | None, actor: str,
           now: dt.datetime, approve: bool, expected: dict | None = None, may_change_approved: bool = True) -> None:
    comments = dict(session.execute(select(Comment.id, Comment.consultation_id).where(Comment.id.in_(ids))).all())
    if len(comments) != len(ids):
        raise DecisionRefused(N_("No such comment."))
    withdrawn = _withdrawn(session, ids)
    if withdrawn:
        raise DecisionWithdrawn(MSG_WITHDRAWN, withdrawn)
    existing = {d.comment_id: d for d in session.scalars(select(Decision).where(Decision.comment_id.in_(ids)))}
    if not may_change_approved:  # first: whatever the caller saw, an approved decision is not theirs to change
        locked = [c for c in ids if c in existing and existing[c].status == "approved"]
        if locked:
            raise DecisionLocked(MSG_LOCKED, locked)
    _check_expected(existing, ids, expected, actor=actor)
    for cid in ids:
        d = existing.get(cid)
        before = _snapshot(d)
        if d is None:
            d = Decision(comment_id=cid, consultation_id=comments[cid])
            session.add(d)
        d.outcome, d.reason, d.group_id, d.decided_by, d.decided_at = outcome, reason, group_id, actor, now
        d.status, d.approved_by, d.approved_at = ("approved", actor, now) if approve else ("proposed", None, None)
        d.sender_changed_at = None  # decided on the text as it is now
        audit.record(session, actor, "decision.set", f"comment:{cid}", before, _snapshot(d))
    try:
        session.flush()
    except IntegrityError as exc:  # office_decisions.comment_id is unique: another first decision won
        raise DecisionRaced(MSG_RACED) from exc
    except StaleDataError as exc:  # the version read is no longer the row's: another change won
        raise DecisionRaced(MSG_RACED) from exc


def decide(session: Session, *, comment_ids: list[int] | None = None, group_id: int | None = None,
           outcome: str, reason: str, actor: str, now: dt.datetime, override=(), approve: bool = False,
           expected: dict | None = None, may_change_approved: bool = True) -> list[int]:
    """Record (or change) the decision on the given comments, each chosen explicitly; returns their ids.
    It is a proposal until an admin approves it (`approve`: recorded as approved at once, for an admin
    allowed to approve their own). With `group_id`, see decide_group.

    `expected`: {comment_id: version the caller saw, None for undecided}; a listed comment whose decision
    is another is refused (DecisionStale) and nothing is written. Comments of withdrawn submissions are
    refused (DecisionWithdrawn); so is an approved decision unless `may_change_approved` (administrators):
    an editor's change would otherwise replace the approval by a proposal (DecisionLocked)."""
    if group_id is not None:
        return decide_group(session, group_id, outcome=outcome, reason=reason, actor=actor, now=now,
                            override=override, approve=approve, expected=expected,
                            may_change_approved=may_change_approved).written
    reason = _validate(outcome, reason)
    ids = sorted({int(c) for c in comment_ids or []})
    if not ids:
        raise DecisionRefused(N_("Nothing to decide on."))
    _write(session, ids, outcome, reason, None, actor, now, approve, expected, may_change_approved)
    return ids


class GroupDecision(NamedTuple):
    written: list[int]
    kept: list[int]  # already decided and not ticked: their decision stays
    withdrawn: list[int]  # of withdrawn submissions: skipped, never decided
    locked: list[int]  # approved, ticked by someone who may not change an approved decision: skipped


def decide_group(session: Session, group_id: int, *, outcome: str, reason: str, actor: str, now: dt.datetime,
                 override=(), approve: bool = False, expected: dict | None = None,
                 may_change_approved: bool = True) -> GroupDecision:
    """A decision on a duplicate group applies to its undecided members; a member already decided
    keeps its decision unless listed in `override` (an explicit choice per member). Members of withdrawn
    submissions are skipped, as are approved members an editor ticked (see decide). `expected` as in
    decide, for the members: the group page sends what it showed for each, so a member decided by someone
    else since (undecided then, so the decision would have applied to it) refuses the whole decision."""
    reason = _validate(outcome, reason)
    group = session.get(DuplicateGroup, group_id)
    if group is None or group.dissolved_at is not None:
        raise DecisionRefused(N_("No such group."))
    ids = members_of(session, group_id)
    override = {int(c) for c in override}
    if not override <= set(ids):
        raise DecisionRefused(N_("No such comment."))
    withdrawn = _withdrawn(session, ids)
    live = [c for c in ids if c not in withdrawn]
    existing = {d.comment_id: d for d in session.scalars(select(Decision).where(Decision.comment_id.in_(live or [-1])))}
    _check_expected(existing, live, expected)
    locked = [c for c in live if c in override and c in existing and existing[c].status == "approved"
              and not may_change_approved]
    write = [c for c in live if (c not in existing or c in override) and c not in locked]
    kept = [c for c in live if c not in write and c not in locked]
    if not write:
        if locked:
            raise DecisionLocked(MSG_LOCKED, locked)
        if withdrawn and not kept:
            raise DecisionWithdrawn(MSG_WITHDRAWN, withdrawn)
        raise DecisionRefused(N_("Every member is already decided: tick the ones to change."))
    # The members written, checked again as any decision is: against `expected`, or without it, only
    # undecided members and the actor's own decisions are written (members decided by others and ticked in
    # `override` need the version seen).
    _write(session, write, outcome, reason, group_id, actor, now, approve, expected, may_change_approved)
    return GroupDecision(write, kept, sorted(withdrawn), locked)


SENDER = "submitter"  # the audit log's actor for what a submitter's amendment did to a decision
SENDER_CHANGED = "decision.sender_changed"


def sender_changed(session: Session, changed, dropped, *, reference: str, now: dt.datetime) -> list[int]:
    """A submitter amended their feedback (consultation.amendments, in its transaction): `changed` are the
    comments whose text, kind or points changed, `dropped` those removed or moved to another part of the
    draft (their rows, and the decisions on them, are deleted with them). Returns the decided comments.

    A decision on a changed comment was made on a text nobody in the office has read since, so it is made
    stale rather than carried over to the new text: its version is raised (a page or API client that read
    it before the change gets 409, as for any change), an approved decision goes back to a proposal (it no
    longer counts as decided and is not published until an administrator approves it again, or someone
    decides anew), and it is marked `sender_changed_at` for the node view, the review page and the API.
    Refusing the amendment instead would take from the public a right the consultation gives them while the
    window is open. Each is in the audit log (actor "submitter", the reference in `after`), including the
    decisions that go with a dropped comment."""
    changed, dropped = set(changed), set(dropped)
    done = []
    # Locked (PostgreSQL): a decision being recorded at this moment is waited for and read as it commits.
    for d in session.scalars(select(Decision).where(Decision.comment_id.in_(sorted(changed | dropped) or [-1]))
                             .with_for_update().execution_options(populate_existing=True)):
        before = _snapshot(d)
        if d.comment_id in changed:
            d.status, d.approved_by, d.approved_at = "proposed", None, None
            d.sender_changed_at = now
            flag_modified(d, "sender_changed_at")  # an UPDATE, so a new version, even when nothing else differs
            after = {**_snapshot(d), "reference": reference}
        else:
            after = {"reference": reference, "dropped": True}
        audit.record(session, SENDER, SENDER_CHANGED, f"comment:{d.comment_id}", before, after)
        done.append(d.comment_id)
    return sorted(done)


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
        d.sender_changed_at = None  # approved on the text as it is now (approve_as wants its version seen)
        audit.record(session, actor, "decision.approve", f"comment:{d.comment_id}", before, _snapshot(d))
        done.append(d.comment_id)
    try:
        session.flush()
    except StaleDataError as exc:  # changed (or approved) by another request since it was read here
        raise DecisionRaced(MSG_RACED) from exc
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
               now: dt.datetime, expected: dict | None = None) -> Approval:
    """The review step, one rule for the office pages and the API: only an admin approves, and their own
    proposals only when the office's setting allows it (default off).

    `expected`: {comment_id: version of the proposal the admin saw}; a listed comment whose decision is
    another now (an editor changed the proposal) is refused (DecisionStale) and nothing is approved: an
    approval is of the outcome shown. Another person's proposal that `expected` does not list is refused too
    (MSG_UNSEEN_APPROVAL): approving it would approve whatever it is now, perhaps changed by an editor after the
    admin read it, as a decision written without a version would replace one unseen (_check_expected). The
    admin's own proposals need no version. Comments of withdrawn submissions are refused (DecisionWithdrawn)."""
    if not has_role(account, "admin"):
        raise DecisionRefused(N_("Only an administrator approves decisions."))
    ids = sorted({int(c) for c in comment_ids})
    if not ids:
        raise DecisionRefused(N_("Nothing to approve."))
    withdrawn = _withdrawn(session, ids)
    if withdrawn:
        raise DecisionWithdrawn(MSG_WITHDRAWN, withdrawn)
    existing = {d.comment_id: d for d in session.scalars(select(Decision).where(
        Decision.comment_id.in_(ids), Decision.consultation_id == consultation_id))}
    _check_expected(existing, ids, expected, MSG_STALE_APPROVAL)
    listed = expected or {}
    # A proposal whose comment its sender changed after it was made is approved only with its version, even
    # the admin's own: the approval is then of the outcome on the text the review page showed, the new one.
    unseen = [c for c in ids if c not in listed and c in existing and existing[c].status == "proposed"
              and (existing[c].decided_by != account.username or existing[c].sender_changed_at is not None)]
    if unseen:
        raise DecisionStale(MSG_UNSEEN_APPROVAL, unseen)
    mine = sorted(c for c, d in existing.items() if d.status == "proposed")
    done, own = approve(session, mine, actor=account.username, now=now,
                        allow_own=self_approval_allowed(session, consultation_id))
    return Approval(done, own, [c for c in ids if c not in mine])


def proposed(session: Session, consultation_id: str, limit: int = 500) -> list[Decision]:
    """Proposals awaiting approval, oldest first; those on comments of withdrawn submissions are not (they
    are never approved)."""
    return list(session.scalars(select(Decision).join(Comment, Comment.id == Decision.comment_id)
                                .join(Submission, Submission.id == Comment.submission_id)
                                .where(Decision.consultation_id == consultation_id,
                                       Decision.status == "proposed", Submission.withdrawn_at.is_(None))
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
        withdrawn = dict(session.execute(
            select(Comment.id, Submission.withdrawn_at).join(Submission, Submission.id == Comment.submission_id)
            .where(Comment.id.in_(chunk), Submission.withdrawn_at.is_not(None))).all())
        for cid in chunk:
            d = decided.get(cid)
            gid = groups.get(cid)
            out[cid] = DecisionView(cid, d.outcome if d else None, d.reason if d else "", gid,
                                    sizes.get(gid, 1), d.decided_by if d else None, d.decided_at if d else None,
                                    d.status if d else None, d.approved_by if d else None,
                                    d.approved_at if d else None, version_of(d),
                                    d.sender_changed_at if d else None, withdrawn.get(cid))
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
