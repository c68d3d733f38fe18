"""Window extensions, numbered publications of how comments were handled, and the submitter's view.

Publishing freezes every comment's approved decision (undecided and proposed ones as pending) in a
numbered publication; /summary, the receipts and the summary exports read the latest publication,
so a decision changed afterwards is public only once a new publication is made.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultation.amendments import comment_considered
from consultation.db import write_lock
from consultation.document import Consultation
from consultation.i18n import N_
from consultation.labels import OUTCOME_LABELS
from consultation.models import Comment, OutboxMessage, Submission, WindowChange
from consultation.window import latest_last_day, window_state

from . import audit
from .models import OUTCOMES, Decision, DuplicateGroup, GroupMember, Publication, PublishedDecision


class PublicationRefused(ValueError):
    def __init__(self, message: str, pending: int | None = None):
        super().__init__(message)
        self.message, self.pending = message, pending


MSG_TOO_LATE = N_("The new last day can be %(latest)s at the latest, the day the guideline expires.")


class WindowTooLate(PublicationRefused):
    """An extension past window.latest_last_day; `latest` is that day, for the message."""

    def __init__(self, latest: dt.date):
        super().__init__(MSG_TOO_LATE)
        self.latest = latest


def extend_window(session: Session, consultation: Consultation, closes_on: dt.date, reason: str, *,
                  actor: str, now: dt.datetime) -> WindowChange:
    """A new last day for every channel; the public pages show `reason` via window_state(...).extended."""
    reason = (reason or "").strip()
    if not reason:
        raise PublicationRefused("a reason is required")
    before = window_state(session, consultation, now)
    if closes_on <= before.last_day:
        raise PublicationRefused("the new last day must be after the current one")
    if closes_on > latest_last_day(consultation):
        raise WindowTooLate(latest_last_day(consultation))
    change = WindowChange(consultation_id=consultation.id, closes_on=closes_on, reason=reason, changed_by=actor,
                          changed_at=now)
    session.add(change)
    audit.record(session, actor, "window.extend", consultation.id, {"closes_on": before.last_day.isoformat()},
                 {"closes_on": closes_on.isoformat(), "reason": reason})
    return change


ANSWERED = "answered"  # outbox purpose: the publication that answers a submitter is out


def publication(session: Session, consultation_id: str) -> Publication | None:
    """The latest publication, or None before the first."""
    return session.scalar(select(Publication).where(Publication.consultation_id == consultation_id)
                          .order_by(Publication.number.desc()).limit(1))


def publications(session: Session, consultation_id: str) -> list[Publication]:
    return list(session.scalars(select(Publication).where(Publication.consultation_id == consultation_id)
                                .order_by(Publication.number.desc())))


def current(session: Session, consultation_id: str) -> dict[int, tuple]:
    """{comment_id: (outcome or None, reason, group_id, representative_id)} as the office stands now;
    only approved decisions count (a proposal is pending). A withdrawn submission's comments are not
    comments to decide: they are neither pending nor published."""
    rows = session.execute(
        select(Comment.id, Decision.outcome, Decision.reason, Decision.status, GroupMember.group_id,
               DuplicateGroup.representative_id)
        .outerjoin(Decision, Decision.comment_id == Comment.id)
        .outerjoin(GroupMember, GroupMember.comment_id == Comment.id)
        .outerjoin(DuplicateGroup, DuplicateGroup.id == GroupMember.group_id)
        .where(Comment.consultation_id == consultation_id, comment_considered()))
    out = {}
    for cid, outcome, reason, status, gid, rep in rows:
        if status != "approved":
            outcome, reason = None, ""
        out[cid] = (outcome, reason or "", gid, rep)
    return out


def frozen(session: Session, publication_id: int) -> dict[int, tuple]:
    """{comment_id: (outcome or None, reason, group_id, representative_id)} as a publication froze them."""
    rows = session.execute(select(PublishedDecision.comment_id, PublishedDecision.outcome, PublishedDecision.reason,
                                  PublishedDecision.group_id, PublishedDecision.representative_id)
                           .where(PublishedDecision.publication_id == publication_id))
    return {cid: (o, r or "", g, rep) for cid, o, r, g, rep in rows}


def _changes(before: dict[int, tuple] | None, after: dict[int, tuple]) -> list[dict]:
    if before is None:
        return []
    out = []
    for cid, (outcome, reason, *_rest) in after.items():
        old = before.get(cid)
        if old is None or (old[0], old[1]) != (outcome, reason):
            out.append({"comment_id": cid, "before": {"outcome": old[0], "reason": old[1]} if old else None,
                        "after": {"outcome": outcome, "reason": reason}})
    return out


def preview(session: Session, consultation: Consultation) -> dict:
    """What publishing now would freeze: the next number, counts, and the changes since the last one."""
    state = current(session, consultation.id)
    latest = publication(session, consultation.id)
    changes = _changes(frozen(session, latest.id) if latest else None, state)
    pending = sum(1 for v in state.values() if v[0] is None)
    return {"number": latest.number + 1 if latest else 1, "comments": len(state), "pending": pending,
            "decided": len(state) - pending, "changes": changes, "latest": latest}


def freeze(session: Session, consultation_id: str, *, actor: str, now: dt.datetime,
           number: int | None = None) -> Publication:
    """Freeze the current decisions as the next numbered publication, and queue a mail to each submitter
    (with an email) whose comments are all answered for the first time.

    `number`: the number the admin confirmed. It is the number written, never one read again here: on
    PostgreSQL (read committed) a press racing another reads the other's publication once it commits, and
    would otherwise write the next number, a second identical publication, where the unique number must stop it."""
    state = current(session, consultation_id)
    latest = publication(session, consultation_id)
    changes = _changes(frozen(session, latest.id) if latest else None, state)
    pending = sum(1 for v in state.values() if v[0] is None)
    if number is None:
        number = latest.number + 1 if latest else 1
    pub = Publication(consultation_id=consultation_id, number=number, published_at=now,
                      published_by=actor, comments=len(state), pending=pending, changes=changes)
    session.add(pub)
    session.flush()
    rows = [{"publication_id": pub.id, "comment_id": cid, "outcome": o, "reason": r, "group_id": g,
             "representative_id": rep} for cid, (o, r, g, rep) in state.items()]
    for start in range(0, len(rows), 5000):
        session.execute(insert(PublishedDecision), rows[start:start + 5000])
    notified = _notify_answered(session, consultation_id, state, now)
    audit.record(session, actor, "summary.publish", consultation_id, None,
                 {"number": pub.number, "published_at": now.isoformat(), "comments": len(state),
                  "pending": pending, "changes": len(changes), "notified": notified})
    return pub


def _notify_answered(session: Session, consultation_id: str, state: dict[int, tuple], now: dt.datetime) -> int:
    answered: dict[int, bool] = {}
    for sub_id, cid in session.execute(select(Comment.submission_id, Comment.id)
                                       .where(Comment.consultation_id == consultation_id)):
        answered[sub_id] = answered.get(sub_id, True) and state.get(cid, (None,))[0] is not None
    told = set(session.scalars(select(OutboxMessage.submission_id).where(OutboxMessage.purpose == ANSWERED)))
    ready = [sid for sid, ok in answered.items() if ok and sid not in told]
    count = 0
    for start in range(0, len(ready), 900):
        for sid, email, locale in session.execute(select(Submission.id, Submission.email, Submission.locale)
                                                  .where(Submission.id.in_(ready[start:start + 900]),
                                                         Submission.email.is_not(None), Submission.email != "")):
            session.add(OutboxMessage(submission_id=sid, purpose=ANSWERED, recipient=email, locale=locale,
                                      status="pending", attempts=0, next_attempt_at=now, created_at=now))
            count += 1
    return count


def publish(session: Session, consultation: Consultation, *, actor: str, now: dt.datetime,
            confirmed_pending: int | None, number: int | None = None) -> Publication:
    """Publish after the window closes, once the admin has confirmed the preview: `confirmed_pending`
    must equal the number of pending comments now (what the preview showed)."""
    if window_state(session, consultation, now).status != "closed":
        raise PublicationRefused(N_("The summary can be published only after the window closes."))
    pending = preview(session, consultation)["pending"]
    if confirmed_pending is None or confirmed_pending != pending:
        raise PublicationRefused(N_("Confirm the preview first: %(pending)d comments are still pending."), pending)
    return freeze(session, consultation.id, actor=actor, now=now, number=number)


@dataclass(frozen=True)
class Published:
    publication: Publication
    repeated: bool  # that number was already published: this is it, nothing new was made


STALE_PREVIEW = N_("The preview is out of date: another publication was made since. Check the new preview.")


def numbered(session: Session, consultation_id: str, number: int) -> Publication | None:
    return session.scalar(select(Publication).where(Publication.consultation_id == consultation_id,
                                                    Publication.number == number))


def publish_confirmed(session: Session, consultation: Consultation, *, number: int | None, actor: str,
                      now: dt.datetime, confirmed_pending: int | None) -> Published:
    """Publish the publication the admin's form named ("publish publication 1"), once, and commit.

    The number the preview showed makes the form idempotent: a second press, a resent request or two
    presses racing each other are answered with the publication that number already is, never with a
    second, identical one; a form whose number is neither published nor next (another admin published
    meanwhile) is refused, to be confirmed afresh. SQLite writers queue on the write lock, so the second
    press finds the first's publication; on PostgreSQL the unique (consultation, number) stops the
    second, which is then answered the same way. The session must hold no other work: it is committed,
    or rolled back on a race.
    """
    if number is None:
        raise PublicationRefused(N_("Confirm the preview first: %(pending)d comments are still pending."),
                                 preview(session, consultation)["pending"])
    with write_lock(session):
        done = numbered(session, consultation.id, number)
        if done is not None:
            return Published(done, True)
        latest = publication(session, consultation.id)
        if number != (latest.number + 1 if latest else 1):
            raise PublicationRefused(STALE_PREVIEW)
        try:
            pub = publish(session, consultation, actor=actor, now=now, confirmed_pending=confirmed_pending,
                          number=number)
            session.commit()
        except IntegrityError:  # the same number, published by a press racing this one
            session.rollback()
            done = numbered(session, consultation.id, number)
            if done is None:
                raise
            return Published(done, True)
    return Published(pub, False)


def summary(session: Session, consultation: Consultation, pub: Publication | None = None) -> list[dict]:
    """Per node in draft order, as the latest (or the given) publication froze it: comments received,
    outcome counts, pending, reasons by outcome. No personal data."""
    pub = pub or publication(session, consultation.id)
    if pub is None:
        return []
    targets = dict(session.execute(select(Comment.id, Comment.target_ref)
                                   .where(Comment.consultation_id == consultation.id, comment_considered())).all())
    per: dict[str, dict] = {}
    for cid, (outcome, reason, _g, _r) in frozen(session, pub.id).items():
        ref = targets.get(cid)
        if ref is None:
            continue
        row = per.setdefault(ref, {"received": 0, "outcomes": dict.fromkeys(OUTCOMES, 0), "pending": 0,
                                   "reasons": {}})
        row["received"] += 1
        if outcome is None:
            row["pending"] += 1
            continue
        row["outcomes"][outcome] += 1
        if reason:
            row["reasons"][(outcome, reason)] = row["reasons"].get((outcome, reason), 0) + 1
    out = []
    for node in consultation.nodes.values():
        if node.ref in per:
            row = per[node.ref]
            out.append({"ref": node.ref, "node": node, "received": row["received"], "outcomes": row["outcomes"],
                        "pending": row["pending"],
                        "reasons": [{"outcome": o, "reason": r, "count": n}
                                    for (o, r), n in sorted(row["reasons"].items())]})
    return out


def decisions_for_submission(session: Session, submission_id: int) -> list[dict]:
    """The submitter's view, one dict per comment in order: position, target_ref, outcome, outcome_label
    (an English msgid: translate it), reason, published, publication (its number). Outcomes are those
    of the latest publication; before the first one, and for comments pending when it was made, outcome
    is None and outcome_label is "Pending"."""
    sub = session.get(Submission, submission_id)
    if sub is None:
        return []
    pub = publication(session, sub.consultation_id)
    q = select(Comment.id, Comment.position, Comment.target_ref)
    if pub is not None:
        q = q.add_columns(PublishedDecision.outcome, PublishedDecision.reason).outerjoin(
            PublishedDecision, (PublishedDecision.comment_id == Comment.id)
            & (PublishedDecision.publication_id == pub.id))
    rows = session.execute(q.where(Comment.submission_id == submission_id).order_by(Comment.position))
    out = []
    for row in rows:
        cid, pos, ref = row[0], row[1], row[2]
        outcome, reason = (row[3], row[4]) if pub is not None else (None, None)
        out.append({"comment_id": cid, "position": pos, "target_ref": ref, "outcome": outcome,
                    "outcome_label": OUTCOME_LABELS.get(outcome, "Pending") if outcome else "Pending",
                    "reason": reason or "", "published": pub is not None,
                    "publication": pub.number if pub is not None else None})
    return out
