"""Near-duplicate groups of the office: the threshold setting, regrouping a consultation's comments
(the search itself is consultation.office.neardup), and the office's edits to groups (split, chosen
representative), all audited. Groups are never deleted (a regrouping retires them), so a group
number is never reused.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from consultation.clock import utcnow
from consultation.db import write_lock
from consultation.models import Comment

from . import audit
from .models import DuplicateGroup, GroupMember, GroupSeparation, OfficeSetting
from .neardup import find_groups, normalise

DEFAULT_THRESHOLD = 0.7
# The thresholds the office may set (the page's form and the API): below 0.3 unrelated comments join.
MIN_THRESHOLD, MAX_THRESHOLD = 0.3, 1.0


def threshold_allowed(value: Decimal | float | int) -> bool:
    """Whether `value` lies from MIN_THRESHOLD to MAX_THRESHOLD, compared exactly: the form and the API pass
    the number as typed or sent (a Decimal), so that 0.29999999999999999999, which only rounds to 0.3 as a
    float, is refused as what it is (attack round 12, F3 and F5). A float is taken as its shortest decimal."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return number.is_finite() and Decimal(repr(MIN_THRESHOLD)) <= number <= Decimal(repr(MAX_THRESHOLD))


def comment_text(proposal: str, reason: str) -> str:
    return f"{proposal or ''}\n{reason or ''}"


def get_threshold(session: Session, consultation_id: str) -> float:
    row = session.get(OfficeSetting, (consultation_id, "duplicate_threshold"))
    return float(row.value) if row else DEFAULT_THRESHOLD


def set_threshold(session: Session, consultation_id: str, value: Decimal | float, *, actor: str) -> None:
    if isinstance(value, bool) or not threshold_allowed(value):
        raise ValueError("threshold must lie between 0.3 and 1.0")
    value = float(value)
    row = session.get(OfficeSetting, (consultation_id, "duplicate_threshold"))
    before = float(row.value) if row else DEFAULT_THRESHOLD
    if row is None:
        session.add(OfficeSetting(consultation_id=consultation_id, key="duplicate_threshold", value=str(value)))
    else:
        row.value = str(value)
    audit.record(session, actor, "duplicates.threshold", consultation_id, {"threshold": before}, {"threshold": value})


def active_groups(session: Session, consultation_id: str) -> list[DuplicateGroup]:
    return list(session.scalars(select(DuplicateGroup).where(DuplicateGroup.consultation_id == consultation_id,
                                                             DuplicateGroup.dissolved_at.is_(None))))


def _new_group(session: Session, consultation_id: str, ids: list[int], target: str | None, threshold: float,
               now: dt.datetime, representative: int | None = None, chosen_by: str | None = None) -> DuplicateGroup:
    mine = representative in ids
    group = DuplicateGroup(consultation_id=consultation_id, size=len(ids), threshold=threshold, target_ref=target,
                           representative_id=representative if mine else min(ids), created_at=now,
                           representative_chosen_by=chosen_by if mine else None)
    session.add(group)
    session.flush()
    return group


def _retire(session: Session, group: DuplicateGroup, now: dt.datetime) -> None:
    session.execute(delete(GroupMember).where(GroupMember.group_id == group.id))
    group.dissolved_at = now


REGROUP_LOCK = 0x72677270  # PostgreSQL advisory lock class of one_regrouping ("rgrp"); the key is the consultation


@contextlib.contextmanager
def one_regrouping(session: Session, consultation_id: str):
    """Hold around a regrouping and its commit: regroupings of one consultation run one after the other.
    Two at once (two editors, a double click, a client's retries) each read the same groups, retired
    them and inserted the same comments into new ones; the second INSERT broke the one group per comment
    (office_group_members' key), an IntegrityError answered 500 (attack 5, N2). Queued, the second reads
    what the first committed and keeps its groups. SQLite: the write lock, where writers queue anyway.
    PostgreSQL: a transaction-level advisory lock on the consultation (no row that every regrouping
    shares exists to lock: the threshold setting is absent until the office sets one), let go at the
    commit or rollback. Taken before the regrouping's first read, so that the read sees the last one's
    work; the session must hold no other writes on SQLite (they would be in the transaction before the
    queue), so a caller that writes something first (the threshold) enters this before that write."""
    with write_lock(session):
        if session.get_bind().dialect.name == "postgresql":
            session.execute(select(func.pg_advisory_xact_lock(REGROUP_LOCK, func.hashtext(consultation_id))))
        yield


def regroup(session: Session, consultation_id: str, *, actor: str, threshold: float | None = None,
            now: dt.datetime | None = None) -> list[list[int]]:
    """Recompute every group of a consultation (inside one_regrouping when others may regroup at once). A group whose members are unchanged keeps its number;
    the others are retired (never deleted or renumbered) and new ones made. The office's own edits
    stand: comments it split apart or took out of a group are not joined again, and a representative
    it chose stays the representative of the group holding it. Decisions stay with their comments."""
    now = now or utcnow()
    threshold = get_threshold(session, consultation_id) if threshold is None else threshold
    rows = session.execute(select(Comment.id, Comment.proposal, Comment.reason, Comment.target_ref)
                           .where(Comment.consultation_id == consultation_id)).all()
    texts = {cid: comment_text(p, r) for cid, p, r, _ in rows}
    targets = {cid: ref for cid, _, _, ref in rows}
    groups = find_groups(texts, threshold, targets, separations(session, consultation_id))
    current = {g.id: g for g in active_groups(session, consultation_id)}
    # A representative the office chose follows its comment into whatever group now holds it.
    chosen = {g.representative_id: g.representative_chosen_by for g in current.values()
              if g.representative_chosen_by and g.representative_id is not None}
    members: dict[int, list[int]] = {}
    for cid, gid in session.execute(select(GroupMember.comment_id, GroupMember.group_id)
                                    .where(GroupMember.group_id.in_(list(current) or [-1]))):
        members.setdefault(gid, []).append(cid)
    by_members = {frozenset(ids): current[gid] for gid, ids in members.items()}
    kept: set[int] = set()
    new_members = []
    for ids in groups:
        same = by_members.get(frozenset(ids))
        if same is not None:
            kept.add(same.id)
            continue
        representative = next((c for c in ids if c in chosen), None)
        group = _new_group(session, consultation_id, ids, targets[ids[0]], threshold, now, representative,
                           chosen.get(representative))
        new_members.extend({"comment_id": cid, "group_id": group.id} for cid in ids)
    for gid, group in current.items():
        if gid not in kept:
            _retire(session, group, now)
    session.flush()
    for start in range(0, len(new_members), 5000):
        session.execute(insert(GroupMember), new_members[start:start + 5000])
    audit.record(session, actor, "duplicates.regroup", consultation_id, None,
                 {"threshold": threshold, "groups": len(groups), "grouped_comments": sum(map(len, groups)),
                  "kept": len(kept), "retired": len(current) - len(kept)})
    return groups


class GroupEditRefused(ValueError):
    pass


def split(session: Session, group_id: int, comment_ids: list[int], *, actor: str, now: dt.datetime) -> int | None:
    """Take `comment_ids` out of a group: two or more form a new group, one stands alone. A group left
    with fewer than two members is retired. Returns the new group's id, if one was made."""
    group = session.get(DuplicateGroup, group_id)
    if group is None or group.dissolved_at is not None:
        raise GroupEditRefused("no such group")
    current = members_of(session, group_id)
    moving = sorted(set(comment_ids))
    if not moving or not set(moving) <= set(current) or len(moving) == len(current):
        raise GroupEditRefused("choose some, not all, of the group's members")
    staying = [c for c in current if c not in moving]
    session.execute(delete(GroupMember).where(GroupMember.comment_id.in_(moving)))
    new_id = None
    if len(moving) > 1:
        new = _new_group(session, group.consultation_id, moving, group.target_ref, group.threshold, now,
                         group.representative_id, group.representative_chosen_by)
        session.execute(insert(GroupMember), [{"comment_id": c, "group_id": new.id} for c in moving])
        new_id = new.id
    if len(staying) < 2:
        _retire(session, group, now)
    else:
        group.size = len(staying)
        if group.representative_id not in staying:
            group.representative_id, group.representative_chosen_by = staying[0], None
    entry = audit.record(session, actor, "group.split" if len(moving) > 1 else "group.remove",
                         f"group:{group_id}", {"members": current},
                         {"members": staying, "moved": moving, "new_group": new_id})
    session.flush()
    # Remembered so that a regrouping never joins the two sides again.
    session.execute(insert(GroupSeparation), [{"edit_id": entry.id, "comment_id": c, "side": int(c in moving)}
                                              for c in current])
    return new_id


def separations(session: Session, consultation_id: str) -> dict[int, dict[int, int]]:
    """{comment_id: {edit_id: side}} for every comment of the consultation the office split off or kept."""
    out: dict[int, dict[int, int]] = {}
    for edit, cid, side in session.execute(
            select(GroupSeparation.edit_id, GroupSeparation.comment_id, GroupSeparation.side)
            .join(Comment, Comment.id == GroupSeparation.comment_id)
            .where(Comment.consultation_id == consultation_id)):
        out.setdefault(cid, {})[edit] = side
    return out


def set_representative(session: Session, group_id: int, comment_id: int, *, actor: str, now: dt.datetime) -> None:
    group = session.get(DuplicateGroup, group_id)
    if group is None or group.dissolved_at is not None or comment_id not in members_of(session, group_id):
        raise GroupEditRefused("not a member of this group")
    audit.record(session, actor, "group.representative", f"group:{group_id}",
                 {"representative": group.representative_id}, {"representative": comment_id})
    group.representative_id, group.representative_chosen_by = comment_id, actor


def representative_of(group: DuplicateGroup, members: list[int]) -> int | None:
    return group.representative_id if group.representative_id in members else (members[0] if members else None)


def same_text_elsewhere(session: Session, comment_ids) -> dict[int, list[tuple[int, str]]]:
    """{comment_id: [(other_comment_id, target_ref), ...]}: the same sender's identical text on other
    parts of the draft (shown linked, decided separately)."""
    ids = list(comment_ids)
    if not ids:
        return {}
    mine = session.execute(select(Comment.id, Comment.submission_id, Comment.proposal, Comment.reason,
                                  Comment.target_ref).where(Comment.id.in_(ids))).all()
    subs = {m.submission_id for m in mine}
    siblings = session.execute(select(Comment.id, Comment.submission_id, Comment.proposal, Comment.reason,
                                      Comment.target_ref).where(Comment.submission_id.in_(subs))).all()
    by_key: dict[tuple, list] = {}
    for s in siblings:
        by_key.setdefault((s.submission_id, normalise(comment_text(s.proposal, s.reason))), []).append(s)
    out = {}
    for m in mine:
        key = (m.submission_id, normalise(comment_text(m.proposal, m.reason)))
        others = [(s.id, s.target_ref) for s in by_key.get(key, []) if s.id != m.id and key[1]]
        if others:
            out[m.id] = others
    return out


def group_of(session: Session, comment_id: int) -> DuplicateGroup | None:
    gid = session.scalar(select(GroupMember.group_id).where(GroupMember.comment_id == comment_id))
    return session.get(DuplicateGroup, gid) if gid is not None else None


def members_of(session: Session, group_id: int) -> list[int]:
    return list(session.scalars(select(GroupMember.comment_id).where(GroupMember.group_id == group_id)
                                .order_by(GroupMember.comment_id)))
