"""Insertions and deletions between two wordings of the official Chinese text.

Words first (jieba), so a changed term reads as one deletion and one insertion rather than a scatter of
single characters; a replaced run of words that still shares most of its characters is refined to
characters, so "4分" → "6分" marks only the digit. difflib does the matching; nothing is hand-rolled.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import jieba

REFINE_RATIO = 0.5


@dataclass(frozen=True)
class Segment:
    op: str  # equal | insert | delete
    text: str


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(jieba.lcut(text, HMM=False))


def _chars(old: str, new: str) -> list[Segment]:
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(Segment("equal", old[i1:i2]))
        else:
            if i2 > i1:
                out.append(Segment("delete", old[i1:i2]))
            if j2 > j1:
                out.append(Segment("insert", new[j1:j2]))
    return out


def segments(old: str, new: str) -> list[Segment]:
    """The new wording as a sequence of kept, deleted and inserted runs (deleted runs precede insertions)."""
    a, b = _words(old), _words(new)
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_run, new_run = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(Segment("equal", old_run))
        elif op == "replace" and SequenceMatcher(None, old_run, new_run, autojunk=False).ratio() >= REFINE_RATIO:
            out.extend(_chars(old_run, new_run))
        else:
            if old_run:
                out.append(Segment("delete", old_run))
            if new_run:
                out.append(Segment("insert", new_run))
    return _merge(out)


def _merge(parts: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for s in parts:
        if merged and merged[-1].op == s.op:
            merged[-1] = Segment(s.op, merged[-1].text + s.text)
        else:
            merged.append(s)
    return merged


def old_side(parts: list[Segment]) -> str:
    return "".join(s.text for s in parts if s.op != "insert")


def new_side(parts: list[Segment]) -> str:
    return "".join(s.text for s in parts if s.op != "delete")
