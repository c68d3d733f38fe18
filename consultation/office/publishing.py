"""Window extensions, numbered publications of how comments were handled, and the submitter's view.

Publishing freezes every comment's approved decision (undecided and proposed ones as pending) in a
numbered publication; /summary, the receipts and the summary exports read the latest publication,
so a decision changed afterwards is public only once a new publication is made.

It freezes the comments too (PublishedDecision holds a copy of each as published: part of the draft, kind,
text, points, submission, 提出单位). An administrator may extend the window after publishing, which reopens
the private links; a comment amended, moved or withdrawn then must not rewrite publication N (USERS.md: the
summary and each receipt stay as published until a new version is deliberately issued). So everything a
publication shows is read from its own rows, never from the comments as they are now; the changes appear in
the next publication and in the preview's list of changes since the last one.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultation.amendments import ANSWERED, comment_considered, considered
from consultation.db import write_lock
from consultation.document import Consultation
from consultation.i18n import N_
from consultation.labels import OUTCOME_LABELS
from consultation.models import Comment, OutboxMessage, Submission, WindowChange
from consultation.window import latest_last_day, window_state

from . import audit
from .visibility import organisation_is_personal, personal_organisation
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


# What a publication copies of each comment (PublishedDecision's columns): the comment's own fields, its
# submission and its 提出单位. TEXT is the part a change of which is a change of the comment.
TEXT = ("target_ref", "kind", "proposal", "comment_reason", "proposed_points")
COPIED = ("submission_id", "position", *TEXT, "category", "organisation")


def comments_now(session: Session, consultation_id: str) -> dict[int, dict]:
    """{comment_id: {COPIED field: value}} of the comments to consider now (withdrawn ones left out), as a
    publication would copy them: an individual's organisation (personal data) is never copied."""
    rows = session.execute(
        select(Comment.id, Comment.submission_id, Comment.position, Comment.target_ref, Comment.kind,
               Comment.proposal, Comment.reason, Comment.proposed_points, Submission.category,
               Submission.organisation)
        .join(Submission, Submission.id == Comment.submission_id)
        .where(Comment.consultation_id == consultation_id, considered())
        .execution_options(yield_per=5000))
    return {row[0]: dict(zip(COPIED, (*row[1:9], None if organisation_is_personal(row[8]) else row[9])))
            for row in rows}


def fill_copies(session: Session) -> None:
    """Give published rows that have no copy of their comment (restored from an archive made before
    publications kept one) the comment as it is now, the best record there is; done as migration 0226 did."""
    table = PublishedDecision.__table__
    missing = table.c.submission_id.is_(None)
    for name, source in (("position", "position"), ("target_ref", "target_ref"), ("kind", "kind"),
                         ("proposal", "proposal"), ("comment_reason", "reason"),
                         ("proposed_points", "proposed_points")):
        session.execute(table.update().where(missing).values({name: select(getattr(Comment, source))
                                                              .where(Comment.id == table.c.comment_id)
                                                              .scalar_subquery()}))
    of = select(Submission).join(Comment, Comment.submission_id == Submission.id).where(
        Comment.id == table.c.comment_id)
    session.execute(table.update().where(missing).values(
        category=of.with_only_columns(Submission.category).scalar_subquery(),
        organisation=of.with_only_columns(case((personal_organisation(), None),
                                               else_=Submission.organisation)).scalar_subquery()))
    session.execute(table.update().where(missing).values(
        submission_id=select(Comment.submission_id).where(Comment.id == table.c.comment_id).scalar_subquery()))


def frozen_comments(session: Session, publication_id: int) -> dict[int, dict]:
    """{comment_id: {COPIED field: value}} as the publication copied them."""
    columns = [getattr(PublishedDecision, name) for name in COPIED]
    rows = session.execute(select(PublishedDecision.comment_id, *columns)
                           .where(PublishedDecision.publication_id == publication_id)
                           .execution_options(yield_per=5000))
    return {row[0]: dict(zip(COPIED, row[1:])) for row in rows}


def frozen(session: Session, publication_id: int) -> dict[int, tuple]:
    """{comment_id: (outcome or None, reason, group_id, representative_id)} as a publication froze them."""
    rows = session.execute(select(PublishedDecision.comment_id, PublishedDecision.outcome, PublishedDecision.reason,
                                  PublishedDecision.group_id, PublishedDecision.representative_id)
                           .where(PublishedDecision.publication_id == publication_id))
    return {cid: (o, r or "", g, rep) for cid, o, r, g, rep in rows}


def _changes(before: dict[int, tuple] | None, after: dict[int, tuple], before_texts: dict[int, dict] | None = None,
             after_texts: dict[int, dict] | None = None) -> list[dict]:
    """What the next publication changes in the last one, one entry per comment: {"comment_id", "target_ref",
    "before" and "after" ({"outcome", "reason"}, None where the comment is not in that publication),
    "comment"}. "comment" says what the comment's sender did since: "changed" (its text, kind or points),
    "new" (not in the last publication), "gone" (withdrawn, removed or moved to another part of the draft,
    where it is "new"), None when only the decision changed. With no texts given, only decisions compare."""
    if before is None:
        return []
    before_texts, after_texts = before_texts or {}, after_texts or {}
    out = []
    for cid, (outcome, reason, *_rest) in after.items():
        old = before.get(cid)
        was, now = before_texts.get(cid), after_texts.get(cid, {})
        edited = old is not None and was is not None and any(was.get(k) != now.get(k) for k in TEXT)
        if old is None or edited or (old[0], old[1]) != (outcome, reason):
            out.append({"comment_id": cid, "target_ref": now.get("target_ref"),
                        "before": {"outcome": old[0], "reason": old[1]} if old else None,
                        "after": {"outcome": outcome, "reason": reason},
                        "comment": "new" if old is None else "changed" if edited else None})
    for cid, old in before.items():
        if cid not in after:
            out.append({"comment_id": cid, "target_ref": (before_texts.get(cid) or {}).get("target_ref"),
                        "before": {"outcome": old[0], "reason": old[1]}, "after": None, "comment": "gone"})
    return out


def _since_latest(session: Session, consultation_id: str, latest: Publication | None, state: dict[int, tuple],
                  texts: dict[int, dict]) -> list[dict]:
    if latest is None:
        return []
    return _changes(frozen(session, latest.id), state, frozen_comments(session, latest.id), texts)


def preview(session: Session, consultation: Consultation) -> dict:
    """What publishing now would freeze: the next number, counts, and the changes since the last one
    (decisions, and comments their senders changed, withdrew or added since)."""
    state = current(session, consultation.id)
    latest = publication(session, consultation.id)
    changes = _since_latest(session, consultation.id, latest, state, comments_now(session, consultation.id))
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
    texts = comments_now(session, consultation_id)
    latest = publication(session, consultation_id)
    changes = _since_latest(session, consultation_id, latest, state, texts)
    pending = sum(1 for v in state.values() if v[0] is None)
    if number is None:
        number = latest.number + 1 if latest else 1
    pub = Publication(consultation_id=consultation_id, number=number, published_at=now,
                      published_by=actor, comments=len(state), pending=pending, changes=changes)
    session.add(pub)
    session.flush()
    rows = [{"publication_id": pub.id, "comment_id": cid, "outcome": o, "reason": r, "group_id": g,
             "representative_id": rep, **texts[cid]} for cid, (o, r, g, rep) in state.items() if cid in texts]
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
    targets = dict(session.execute(select(PublishedDecision.comment_id, PublishedDecision.target_ref)
                                   .where(PublishedDecision.publication_id == pub.id)).all())
    per: dict[str, dict] = {}
    for cid, (outcome, reason, _g, _r) in frozen(session, pub.id).items():
        ref = targets.get(cid)  # where the comment was when published, whatever its sender did since
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
    """The submitter's view: position, target_ref, outcome, outcome_label (an English msgid: translate it),
    reason, published, publication (its number), comment_id.

    Before the first publication: one row per comment, outcome None and outcome_label "Pending". After it:
    the latest publication's rows for this submission, as published (the comment's place, kind, text and
    points then: `kind`, `proposal`, `comment_reason`, `proposed_points`; `as_published` True), each with
    `changed_since` when the sender changed, moved or withdrew that comment afterwards; then the comments as
    they are now that the publication does not hold as they are (new, moved or changed since: `as_published`
    False, pending until the next publication). A publication stays as published (module docstring)."""
    sub = session.get(Submission, submission_id)
    if sub is None:
        return []
    pub = publication(session, sub.consultation_id)
    now = [] if sub.withdrawn_at is not None and pub is not None else list(sub.comments)
    if pub is None:
        return [{"comment_id": c.id, "position": c.position, "target_ref": c.target_ref, "outcome": None,
                 "outcome_label": "Pending", "reason": "", "published": False, "publication": None}
                for c in now]
    rows = session.scalars(select(PublishedDecision).where(PublishedDecision.publication_id == pub.id,
                                                           PublishedDecision.submission_id == submission_id)
                           .order_by(PublishedDecision.position, PublishedDecision.comment_id)).all()
    current_texts = {c.id: {"target_ref": c.target_ref, "kind": c.kind, "proposal": c.proposal,
                            "comment_reason": c.reason, "proposed_points": c.proposed_points} for c in now}
    out, standing = [], set()
    for row in rows:
        same = current_texts.get(row.comment_id) == {k: getattr(row, k) for k in TEXT}
        if same:
            standing.add(row.comment_id)
        out.append({"comment_id": row.comment_id, "position": row.position, "target_ref": row.target_ref,
                    "outcome": row.outcome,
                    "outcome_label": OUTCOME_LABELS.get(row.outcome, "Pending") if row.outcome else "Pending",
                    "reason": row.reason or "", "published": True, "publication": pub.number,
                    "as_published": True, "changed_since": not same, "kind": row.kind, "proposal": row.proposal,
                    "comment_reason": row.comment_reason, "proposed_points": row.proposed_points})
    for c in now:
        if c.id not in standing:
            out.append({"comment_id": c.id, "position": c.position, "target_ref": c.target_ref, "outcome": None,
                        "outcome_label": "Pending", "reason": "", "published": True, "publication": pub.number,
                        "as_published": False, "changed_since": False, "kind": c.kind, "proposal": c.proposal,
                        "comment_reason": c.reason, "proposed_points": c.proposed_points})
    return out
