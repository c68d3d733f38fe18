"""The comparison table (征求意见稿与修改稿对照表): per changed node, the old and new wording with the
insertions and deletions marked, the reason, and the comments behind it.
"""
from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass

from sqlalchemy.orm import Session

from consultation.document import Consultation

from . import diff
from .changes import Change, compare
from .content import RevisedConsultation, revised
from .links import linked, reasons
from .models import TextRevision


@dataclass(frozen=True)
class ComparisonRow:
    change: Change
    segments: list[diff.Segment]
    reason: str
    comment_ids: list[int]

    @property
    def comments(self) -> int:
        return len(self.comment_ids)


_cache: dict[tuple, RevisedConsultation | None] = {}
_lock = threading.Lock()


def text_of(draft: Consultation, rev: TextRevision, scoring: dict | None = None) -> RevisedConsultation | None:
    """The revision read by the loader (None while it cannot be read); cached by what it holds, so every
    request over an unchanged revision shares one object (and the answer engine one index). `scoring`: the
    office's scoring references for rows the scoring files cannot cover (models.RowScoring), for guidance."""
    digest = hashlib.sha256(json.dumps([rev.content, rev.origins, scoring or {}], sort_keys=True,
                                       default=str).encode()).hexdigest()
    key = (draft.id, rev.number, digest)
    with _lock:
        if key not in _cache:
            if len(_cache) > 32:
                _cache.clear()
            _cache[key] = revised(rev.content, rev.origins, draft, rev.number, scoring)
        return _cache[key]


def changes_of(draft: Consultation, rev: TextRevision | None) -> list[Change]:
    if rev is None:
        return []
    text = text_of(draft, rev)
    return compare(draft, text, rev.origins) if text is not None else []


def table(session: Session, draft: Consultation, rev: TextRevision | None) -> list[ComparisonRow]:
    why = reasons(session, draft.id)
    behind = linked(session, draft.id)
    return [ComparisonRow(c, diff.segments(c.old_text, c.new_text), why.get(c.origin, ""), behind.get(c.origin, []))
            for c in changes_of(draft, rev)]
