"""Near-duplicate comments, tuned for Chinese: character 3-gram shingles after NFKC and
removal of punctuation and spaces, MinHash + LSH (datasketch) for candidates, exact
Jaccard to verify, union-find to form groups. The threshold is an office setting.
"""
from __future__ import annotations

import unicodedata

from datasketch import MinHash, MinHashLSH
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from consultation.models import Comment

from . import audit
from .models import DuplicateGroup, GroupMember, OfficeSetting

DEFAULT_THRESHOLD = 0.7
NUM_PERM = 64
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


def find_groups(texts: dict[int, str], threshold: float) -> list[list[int]]:
    """Groups (sorted id lists, size ≥ 2) of texts whose 3-gram Jaccard ≥ threshold, transitively."""
    sets = {cid: shingles(t) for cid, t in texts.items()}
    sets = {cid: s for cid, s in sets.items() if s}
    uf = _UnionFind()
    # Exact copies first (cheap and common: the same comment sent twice).
    by_norm: dict[frozenset, int] = {}
    for cid, s in sets.items():
        key = frozenset(s)
        if key in by_norm:
            uf.union(by_norm[key], cid)
        else:
            by_norm[key] = cid
    representatives = list(by_norm.values())
    lsh = MinHashLSH(threshold=max(0.1, threshold - 0.1), num_perm=NUM_PERM)
    encoded = [[g.encode("utf-8") for g in sets[cid]] for cid in representatives]
    hashes = MinHash.bulk(encoded, num_perm=NUM_PERM) if encoded else []
    for cid, mh in zip(representatives, hashes):
        for other in lsh.query(mh):
            if uf.find(other) != uf.find(cid) and jaccard(sets[cid], sets[other]) >= threshold:
                uf.union(cid, other)
        lsh.insert(cid, mh)
    groups: dict[int, list[int]] = {}
    for cid in sets:
        groups.setdefault(uf.find(cid), []).append(cid)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def regroup(session: Session, consultation_id: str, *, actor: str, threshold: float | None = None) -> list[list[int]]:
    """Recompute every group of a consultation; decisions stay with their comments."""
    threshold = get_threshold(session, consultation_id) if threshold is None else threshold
    rows = session.execute(select(Comment.id, Comment.proposal, Comment.reason)
                           .where(Comment.consultation_id == consultation_id))
    texts = {cid: comment_text(p, r) for cid, p, r in rows}
    groups = find_groups(texts, threshold)
    old = select(DuplicateGroup.id).where(DuplicateGroup.consultation_id == consultation_id)
    session.execute(delete(GroupMember).where(GroupMember.group_id.in_(old)))
    session.execute(delete(DuplicateGroup).where(DuplicateGroup.consultation_id == consultation_id))
    members = []
    for ids in groups:
        group = DuplicateGroup(consultation_id=consultation_id, size=len(ids), threshold=threshold)
        session.add(group)
        session.flush()
        members.extend({"comment_id": cid, "group_id": group.id} for cid in ids)
    for start in range(0, len(members), 5000):
        session.execute(insert(GroupMember), members[start:start + 5000])
    audit.record(session, actor, "duplicates.regroup", consultation_id, None,
                 {"threshold": threshold, "groups": len(groups), "grouped_comments": len(members)})
    return groups


def group_of(session: Session, comment_id: int) -> DuplicateGroup | None:
    gid = session.scalar(select(GroupMember.group_id).where(GroupMember.comment_id == comment_id))
    return session.get(DuplicateGroup, gid) if gid is not None else None


def members_of(session: Session, group_id: int) -> list[int]:
    return list(session.scalars(select(GroupMember.comment_id).where(GroupMember.group_id == group_id)
                                .order_by(GroupMember.comment_id)))
