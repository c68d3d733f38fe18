"""Window extensions, publication of how comments were handled, and the submitter's view of decisions."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consultation.document import Consultation
from consultation.models import Comment, Submission, WindowChange
from consultation.window import window_state

from . import audit
from .decisions import OUTCOME_LABELS
from .models import OUTCOMES, Decision, Publication


class PublicationRefused(ValueError):
    pass


def extend_window(session: Session, consultation: Consultation, closes_on: dt.date, reason: str, *,
                  actor: str, now: dt.datetime) -> WindowChange:
    """A new last day for every channel; the public pages show `reason` via window_state(...).extended."""
    reason = (reason or "").strip()
    if not reason:
        raise PublicationRefused("a reason is required")
    before = window_state(session, consultation, now)
    if closes_on <= before.last_day:
        raise PublicationRefused("the new last day must be after the current one")
    change = WindowChange(consultation_id=consultation.id, closes_on=closes_on, reason=reason, changed_by=actor,
                          changed_at=now)
    session.add(change)
    audit.record(session, actor, "window.extend", consultation.id, {"closes_on": before.last_day.isoformat()},
                 {"closes_on": closes_on.isoformat(), "reason": reason}, at=now)
    return change


def publication(session: Session, consultation_id: str) -> Publication | None:
    return session.get(Publication, consultation_id)


def publish(session: Session, consultation: Consultation, *, actor: str, now: dt.datetime) -> Publication:
    if window_state(session, consultation, now).status != "closed":
        raise PublicationRefused("the summary can be published only after the window closes")
    if publication(session, consultation.id) is not None:
        raise PublicationRefused("already published")
    pub = Publication(consultation_id=consultation.id, published_at=now, published_by=actor)
    session.add(pub)
    audit.record(session, actor, "summary.publish", consultation.id, None, {"published_at": now.isoformat()}, at=now)
    return pub


def summary(session: Session, consultation: Consultation) -> list[dict]:
    """Per node in draft order: comments received, outcome counts, reasons by outcome. No personal data."""
    counts = dict(session.execute(select(Comment.target_ref, func.count()).where(
        Comment.consultation_id == consultation.id).group_by(Comment.target_ref)).all())
    outcomes: dict[str, dict[str, int]] = {}
    reasons: dict[str, dict[tuple[str, str], int]] = {}
    q = (select(Comment.target_ref, Decision.outcome, Decision.reason, func.count())
         .join(Decision, Decision.comment_id == Comment.id)
         .where(Comment.consultation_id == consultation.id)
         .group_by(Comment.target_ref, Decision.outcome, Decision.reason))
    for ref, outcome, reason, n in session.execute(q):
        outcomes.setdefault(ref, {}).setdefault(outcome, 0)
        outcomes[ref][outcome] += n
        if reason:
            reasons.setdefault(ref, {})[(outcome, reason)] = n
    rows = []
    for node in consultation.nodes.values():
        if node.ref not in counts:
            continue
        per = outcomes.get(node.ref, {})
        rows.append({"ref": node.ref, "node": node, "received": counts[node.ref],
                     "outcomes": {o: per.get(o, 0) for o in OUTCOMES},
                     "pending": counts[node.ref] - sum(per.values()),
                     "reasons": [{"outcome": o, "reason": r, "count": n}
                                 for (o, r), n in sorted(reasons.get(node.ref, {}).items())]})
    return rows


def decisions_for_submission(session: Session, submission_id: int) -> list[dict]:
    """The submitter's view, one dict per comment in order: position, target_ref, outcome, outcome_label
    (an English msgid: translate it), reason. Outcomes are shown only once the summary is published;
    before that outcome is None and outcome_label is "Pending"."""
    sub = session.get(Submission, submission_id)
    if sub is None:
        return []
    published = publication(session, sub.consultation_id) is not None
    rows = session.execute(select(Comment.id, Comment.position, Comment.target_ref, Decision.outcome, Decision.reason)
                           .outerjoin(Decision, Decision.comment_id == Comment.id)
                           .where(Comment.submission_id == submission_id).order_by(Comment.position))
    out = []
    for cid, pos, ref, outcome, reason in rows:
        if not published:
            outcome, reason = None, None
        out.append({"comment_id": cid, "position": pos, "target_ref": ref, "outcome": outcome,
                    "outcome_label": OUTCOME_LABELS.get(outcome, "Pending") if outcome else "Pending",
                    "reason": reason or "", "published": published})
    return out
