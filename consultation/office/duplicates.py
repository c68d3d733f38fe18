"""Near-duplicate comments, tuned for Chinese: character 3-gram shingles after NFKC and
removal of punctuation and spaces, MinHash + LSH (datasketch) for candidates, exact
Jaccard to verify, union-find to form groups. The threshold is an office setting.

Groups are formed per part of the draft (a decision is about a text on one clause), and the LSH
bands are derived from the threshold so that a pair exactly at the threshold becomes a candidate
with probability >= CANDIDATE_RECALL; candidates are then confirmed on the exact Jaccard of the
same shingles, so LSH only decides what is compared, never what is grouped.
Groups are never deleted (a regrouping retires them), so a group number is never reused.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache

from datasketch import MinHash, MinHashLSH
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from consultation.models import Comment

from . import audit
from .models import DuplicateGroup, GroupMember, OfficeSetting

DEFAULT_THRESHOLD = 0.7
NUM_PERM = 128
CANDIDATE_RECALL = 0.99  # P(pair at the threshold is a candidate)
# Two parts of a group join (strongest confirmed pair first) only while the mean similarity between
# them stays >= threshold - FLOOR_MARGIN and no two of their members fall below threshold - MIN_MARGIN:
# this stops chaining (A~B, B~C pulling a dissimilar A and C together). Chosen on bench/neardup.py.
FLOOR_MARGIN = 0.09
MIN_MARGIN = 0.2
SHINGLE = 3
MIN_CHARS = 8  # "同意" and other very short texts are not grouped


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    s = normalise(text)
    if len(s) < MIN_CHARS:
        return set()
    return {s[i:i + k] for i in range(len(s) - k + 1)}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def comment_text(proposal: str, reason: str) -> str:
    return f"{proposal or ''}\n{reason or ''}"


def get_threshold(session: Session, consultation_id: str) -> float:
    row = session.get(OfficeSetting, (consultation_id, "duplicate_threshold"))
    return float(row.value) if row else DEFAULT_THRESHOLD


def set_threshold(session: Session, consultation_id: str, value: float, *, actor: str) -> None:
    if not 0.3 <= value <= 1.0:
        raise ValueError("threshold must lie between 0.3 and 1.0")
    row = session.get(OfficeSetting, (consultation_id, "duplicate_threshold"))
    before = float(row.value) if row else DEFAULT_THRESHOLD
    if row is None:
        session.add(OfficeSetting(consultation_id=consultation_id, key="duplicate_threshold", value=str(value)))
    else:
        row.value = str(value)
    audit.record(session, actor, "duplicates.threshold", consultation_id, {"threshold": before}, {"threshold": value})


class _UnionFind:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@lru_cache(maxsize=64)
def lsh_params(threshold: float, num_perm: int = NUM_PERM, recall: float = CANDIDATE_RECALL) -> tuple[int, int]:
    """(bands, rows) for MinHashLSH: the most rows per band (fewest false candidates) such that a pair
    with Jaccard == threshold shares at least one band with probability >= recall,
    i.e. 1 - (1 - t**r)**b >= recall with b = num_perm // r."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold ** rows) ** bands >= recall:
            best = (bands, rows)
    return best


def candidate_probability(j: float, threshold: float, num_perm: int = NUM_PERM) -> float:
    bands, rows = lsh_params(threshold, num_perm)
    return 1 - (1 - j ** rows) ** bands


def _groups_in(sets: dict[int, set], threshold: float, uf: "_UnionFind") -> None:
    """Union, within one bucket, the confirmed pairs (exact Jaccard >= threshold), strongest first, with
    the linkage limits FLOOR_MARGIN and MIN_MARGIN (no chaining)."""
    by_norm: dict[frozenset, int] = {}
    for cid, s in sets.items():
        key = frozenset(s)
        if key in by_norm:  # exact copies (the same comment sent twice): no hashing needed
            uf.union(by_norm[key], cid)
        else:
            by_norm[key] = cid
    representatives = list(by_norm.values())
    if len(representatives) < 2:
        return
    bands, rows = lsh_params(threshold)
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(bands, rows))
    encoded = [[g.encode("utf-8") for g in sets[cid]] for cid in representatives]
    edges = []
    for cid, mh in zip(representatives, MinHash.bulk(encoded, num_perm=NUM_PERM)):
        for other in lsh.query(mh):
            j = jaccard(sets[cid], sets[other])
            if j >= threshold:
                edges.append((-j, other, cid))
        lsh.insert(cid, mh)
    floor = threshold - FLOOR_MARGIN
    members = {cid: [cid] for cid in representatives}  # distinct texts per component root
    for _j, a, b in sorted(edges):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        cross = [jaccard(sets[x], sets[y]) for x in members[ra] for y in members[rb]]
        if sum(cross) / len(cross) >= floor and min(cross) >= threshold - MIN_MARGIN:
            uf.union(ra, rb)
            root = uf.find(ra)
            merged = members.pop(ra) + members.pop(rb)
            members[root] = merged


def find_groups(texts: dict[int, str], threshold: float, keys: dict[int, str] | None = None) -> list[list[int]]:
    """Groups (sorted id lists, size >= 2) of texts whose 3-gram Jaccard >= threshold, transitively,
    never across different `keys` (the part of the draft a comment is on)."""
    buckets: dict[str | None, dict[int, set]] = {}
    for cid, t in texts.items():
        s = shingles(t)
        if s:
            buckets.setdefault(keys.get(cid) if keys else None, {})[cid] = s
    uf = _UnionFind()
    for sets in buckets.values():
        for cid in sets:
            uf.find(cid)
        _groups_in(sets, threshold, uf)
    groups: dict[int, list[int]] = {}
    for sets in buckets.values():
        for cid in sets:
            groups.setdefault(uf.find(cid), []).append(cid)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def active_groups(session: Session, consultation_id: str) -> list[DuplicateGroup]:
    return list(session.scalars(select(DuplicateGroup).where(DuplicateGroup.consultation_id == consultation_id,
                                                             DuplicateGroup.dissolved_at.is_(None))))


def _new_group(session: Session, consultation_id: str, ids: list[int], target: str | None, threshold: float,
               now: dt.datetime, representative: int | None = None) -> DuplicateGroup:
    group = DuplicateGroup(consultation_id=consultation_id, size=len(ids), threshold=threshold, target_ref=target,
                           representative_id=representative if representative in ids else min(ids), created_at=now)
    session.add(group)
    session.flush()
    return group


def _retire(session: Session, group: DuplicateGroup, now: dt.datetime) -> None:
    session.execute(delete(GroupMember).where(GroupMember.group_id == group.id))
    group.dissolved_at = now


def regroup(session: Session, consultation_id: str, *, actor: str, threshold: float | None = None,
            now: dt.datetime | None = None) -> list[list[int]]:
    """Recompute every group of a consultation. A group whose members are unchanged keeps its number;
    the others are retired (never deleted or renumbered) and new ones made. Decisions stay with their
    comments."""
    now = now or dt.datetime.now(dt.timezone.utc)
    threshold = get_threshold(session, consultation_id) if threshold is None else threshold
    rows = session.execute(select(Comment.id, Comment.proposal, Comment.reason, Comment.target_ref)
                           .where(Comment.consultation_id == consultation_id)).all()
    texts = {cid: comment_text(p, r) for cid, p, r, _ in rows}
    targets = {cid: ref for cid, _, _, ref in rows}
    groups = find_groups(texts, threshold, targets)
    current = {g.id: g for g in active_groups(session, consultation_id)}
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
        group = _new_group(session, consultation_id, ids, targets[ids[0]], threshold, now)
        new_members.extend({"comment_id": cid, "group_id": group.id} for cid in ids)
    for gid, group in current.items():
        if gid not in kept:
            _retire(session, group, now)
    session.flush()
    for start in range(0, len(new_members), 5000):
        session.execute(insert(GroupMember), new_members[start:start + 5000])
    audit.record(session, actor, "duplicates.regroup", consultation_id, None,
                 {"threshold": threshold, "groups": len(groups), "grouped_comments": sum(map(len, groups)),
                  "kept": len(kept), "retired": len(current) - len(kept)}, at=now)
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
                         group.representative_id)
        session.execute(insert(GroupMember), [{"comment_id": c, "group_id": new.id} for c in moving])
        new_id = new.id
    if len(staying) < 2:
        _retire(session, group, now)
    else:
        group.size = len(staying)
        if group.representative_id not in staying:
            group.representative_id = staying[0]
    audit.record(session, actor, "group.split" if len(moving) > 1 else "group.remove", f"group:{group_id}",
                 {"members": current}, {"members": staying, "moved": moving, "new_group": new_id}, at=now)
    session.flush()
    return new_id


def set_representative(session: Session, group_id: int, comment_id: int, *, actor: str, now: dt.datetime) -> None:
    group = session.get(DuplicateGroup, group_id)
    if group is None or group.dissolved_at is not None or comment_id not in members_of(session, group_id):
        raise GroupEditRefused("not a member of this group")
    audit.record(session, actor, "group.representative", f"group:{group_id}",
                 {"representative": group.representative_id}, {"representative": comment_id}, at=now)
    group.representative_id = comment_id


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
