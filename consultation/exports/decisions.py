"""The seam between the exports and the office's decisions and duplicate groups.

The office's tables (consultation/office/, its `Decision` model) own outcomes,
reasons and groups; the exports only read them, in bulk, through `load_decisions`,
as one frozen `CommentDecision` per comment.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from consultation.i18n import N_
from consultation.labels import OUTCOME_LABELS
from consultation.office import publishing  # the office owns publications

PENDING = N_("Pending")


@dataclass(frozen=True)
class CommentDecision:
    outcome: str | None = None  # one of OUTCOME_LABELS, None while undecided
    reason: str = ""
    group: str | None = None  # duplicate group id, None when the comment stands alone
    group_size: int = 1
    decided_by: str | None = None
    decided_at: str | None = None  # ISO 8601
    representative: int | None = None  # the comment whose text stands for the group


UNDECIDED = CommentDecision()


@dataclass
class Decisions:
    by_comment: dict[int, CommentDecision] = field(default_factory=dict)
    # Whatever the office exports for the JSON archive (decisions, groups), opaque here.
    archive: dict | None = None

    def decision_for(self, comment_id: int) -> CommentDecision:
        return self.by_comment.get(comment_id, UNDECIDED)


def load_decisions(session, consultation_id: str) -> Decisions:
    """Every decision and group of a consultation, keyed by comment id."""
    from consultation.office.decisions import decisions_by_comment  # here: the office imports this module

    raw = decisions_by_comment(session, consultation_id)
    by_comment = {}
    for comment_id, d in raw.items():
        at = d.get("decided_at")
        by_comment[comment_id] = CommentDecision(
            outcome=d.get("outcome"), reason=d.get("reason") or "", group=d.get("group"),
            group_size=d.get("group_size") or 1, decided_by=d.get("decided_by"),
            decided_at=at.isoformat() if at is not None else None)
    return Decisions(by_comment)


def outcome_label(outcome: str | None) -> str:
    if outcome is None:
        return PENDING
    return OUTCOME_LABELS.get(outcome, outcome)


@dataclass(frozen=True)
class SummarySource:
    """The decisions the adoption summary shows: the latest publication's (frozen), or, before the
    first publication, the current approved ones (a draft for the office)."""

    decisions: Decisions
    publication: int | None  # its number; None for a draft
    published_at: object = None
    publication_id: int | None = None  # its row, whose copies of the comments the summary shows


def load_summary_decisions(session, consultation_id: str) -> SummarySource:
    pub = publishing.publication(session, consultation_id)
    rows = publishing.frozen(session, pub.id) if pub is not None else publishing.current(session, consultation_id)
    by_comment = {cid: CommentDecision(outcome=o, reason=r, group=str(g) if g is not None else None, representative=rep)
                  for cid, (o, r, g, rep) in rows.items()}
    return SummarySource(Decisions(by_comment), pub.number if pub else None, pub.published_at if pub else None,
                         pub.id if pub else None)
