"""Read-only queries behind the office dashboard and node views (SQL aggregates, no ORM loads)."""
from __future__ import annotations

from sqlalchemy import case, distinct, func, or_, select
from sqlalchemy.orm import Session

from consultation.amendments import comment_considered, considered
from consultation.document import Consultation
from consultation.models import CATEGORIES, CHANNELS, COMMENT_KINDS, Comment, Submission

from . import visibility
from .models import OUTCOMES, Assignment, Decision, GroupMember

PAGE_SIZE = 100
# The filters of node_comments whose value is one of a list: the one source of the pages' selects, of the
# web pages' 400 for another value (office search, node page) and of the API's NodeCommentsQuery.
FILTER_CHOICES = {"kind": COMMENT_KINDS, "channel": CHANNELS, "category": CATEGORIES,
                  "outcome": (*OUTCOMES, "pending", "proposed")}


def totals(session: Session, consultation_id: str) -> dict:
    """Counts of what is to be considered: a withdrawn submission is counted apart (`withdrawn`)."""
    mine = (Submission.consultation_id == consultation_id, considered())
    subs = session.scalar(select(func.count()).select_from(Submission).where(*mine))
    comments = session.scalar(select(func.count()).select_from(Comment)
                              .where(Comment.consultation_id == consultation_id, comment_considered()))
    withdrawn = session.scalar(select(func.count()).select_from(Submission).where(
        Submission.consultation_id == consultation_id, ~considered()))
    by_channel = dict(session.execute(select(Submission.channel, func.count()).where(*mine)
                                      .group_by(Submission.channel)).all())
    by_category = dict(session.execute(select(Submission.category, func.count()).where(*mine)
                                       .group_by(Submission.category)).all())
    return {"submissions": subs, "comments": comments, "withdrawn": withdrawn, "by_channel": by_channel,
            "by_category": by_category}


def per_day(session: Session, consultation: Consultation) -> list[tuple[str, int]]:
    """Submissions per local (Beijing) day, oldest first."""
    if session.get_bind().dialect.name == "postgresql":
        day = func.to_char(func.timezone(consultation.source.timezone, Submission.created_at), "YYYY-MM-DD")
    else:
        offset = consultation.opens_at.utcoffset()
        hours = int(offset.total_seconds() // 3600)
        day = func.date(Submission.created_at, f"{hours:+d} hours")
    rows = session.execute(select(day, func.count()).where(Submission.consultation_id == consultation.id)
                           .group_by(day).order_by(day)).all()
    return [(str(d), n) for d, n in rows]


def node_counts(session: Session, consultation_id: str) -> dict[str, tuple[int, int]]:
    """{target_ref: (raw comments, after merging duplicates)}: a group counts once per node."""
    merged_key = case((GroupMember.group_id.is_(None), -Comment.id), else_=GroupMember.group_id)
    rows = session.execute(select(Comment.target_ref, func.count(), func.count(distinct(merged_key)))
                           .outerjoin(GroupMember, GroupMember.comment_id == Comment.id)
                           .where(Comment.consultation_id == consultation_id, comment_considered())
                           .group_by(Comment.target_ref))
    return {ref: (raw, merged) for ref, raw, merged in rows}


def tree(consultation: Consultation, counts: dict[str, tuple[int, int]]) -> list[dict]:
    """The draft's nodes in order with depth and counts (own, and including descendants)."""
    totals_: dict[str, list[int]] = {}

    def total(ref: str) -> list[int]:
        if ref not in totals_:
            raw, merged = counts.get(ref, (0, 0))
            acc = [raw, merged]
            for child in consultation.nodes[ref].children:
                t = total(child)
                acc[0] += t[0]
                acc[1] += t[1]
            totals_[ref] = acc
        return totals_[ref]

    depth: dict[str, int] = {}
    out = []
    for node in consultation.nodes.values():
        depth[node.ref] = depth[node.parent] + 1 if node.parent in depth else 0
        raw, merged = counts.get(node.ref, (0, 0))
        t = total(node.ref)
        out.append({"node": node, "depth": depth[node.ref], "raw": raw, "merged": merged,
                    "total_raw": t[0], "total_merged": t[1]})
    return out


def node_comments(session: Session, consultation_id: str, ref: str | None, *, kind: str | None = None,
                  channel: str | None = None, category: str | None = None, outcome: str | None = None,
                  search: str | None = None, group: str | None = None, assignee: str | None = None,
                  page: int = 1, personal: bool = False, limit: int = PAGE_SIZE):
    """(rows, total) of the comments on one node (or, with ref None, the whole draft), newest first.

    outcome: a code, "pending" (no approved decision: undecided or proposed) or "proposed";
    group: "grouped", "single" or a group number; assignee: a staff name or "none".
    personal: the reader sees personal data (visibility.sees_personal_organisations): the rows then have
    name, phone and email, and an individual's organisation, which the search matches on; otherwise
    "organisation" is null for an individual and the search does not look at it (visibility.py)."""
    organisation = visibility.organisation_shown(personal)
    cols = [Comment.id, Comment.target_ref, Comment.kind, Comment.proposal, Comment.reason, Comment.proposed_points,
            Comment.created_at, Submission.category, organisation.label("organisation"), Submission.channel,
            Submission.reference, Comment.submission_id, GroupMember.group_id, Decision.outcome, Decision.status,
            Decision.reason.label("decision_reason"), Decision.version, Decision.sender_changed_at,
            Submission.withdrawn_at, Assignment.assignee]
    if personal:
        cols += [Submission.name, Submission.phone, Submission.email]
    q = (select(*cols).join(Submission, Submission.id == Comment.submission_id)
         .outerjoin(GroupMember, GroupMember.comment_id == Comment.id)
         .outerjoin(Decision, Decision.comment_id == Comment.id)
         .outerjoin(Assignment, Assignment.comment_id == Comment.id)
         .where(Comment.consultation_id == consultation_id))
    if ref:
        q = q.where(Comment.target_ref == ref)
    if kind:
        q = q.where(Comment.kind == kind)
    if channel:
        q = q.where(Submission.channel == channel)
    if category:
        q = q.where(Submission.category == category)
    if outcome == "pending":  # to decide: a withdrawn submission's comments are not
        q = q.where(or_(Decision.outcome.is_(None), Decision.status != "approved"), considered())
    elif outcome == "proposed":
        q = q.where(Decision.status == "proposed")
    elif outcome:
        q = q.where(Decision.outcome == outcome)
    if group == "grouped":
        q = q.where(GroupMember.group_id.is_not(None))
    elif group == "single":
        q = q.where(GroupMember.group_id.is_(None))
    elif group and group.isdigit():
        q = q.where(GroupMember.group_id == int(group))
    if assignee == "none":
        q = q.where(Assignment.assignee.is_(None))
    elif assignee:
        q = q.where(Assignment.assignee == assignee)
    if search:
        like = f"%{search}%"
        q = q.where(or_(Comment.proposal.ilike(like), Comment.reason.ilike(like), Comment.original_text.ilike(like),
                        organisation.ilike(like), Submission.reference == search))
    total = session.scalar(select(func.count()).select_from(q.subquery()))
    rows = session.execute(q.order_by(Comment.created_at.desc(), Comment.id.desc())
                           .limit(limit).offset((max(page, 1) - 1) * limit)).mappings().all()
    return rows, total


def progress(session: Session, consultation_id: str) -> dict[str, tuple[int, int]]:
    """{target_ref: (comments, decided)}: decided means an approved decision (a proposal is pending)."""
    decided = func.count(Decision.id).filter(Decision.status == "approved")
    rows = session.execute(select(Comment.target_ref, func.count(), decided)
                           .outerjoin(Decision, Decision.comment_id == Comment.id)
                           .where(Comment.consultation_id == consultation_id, comment_considered())
                           .group_by(Comment.target_ref))
    return {ref: (n, d) for ref, n, d in rows}
