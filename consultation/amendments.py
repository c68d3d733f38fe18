"""Changing or withdrawing a submission through its private link, while the window is open.

An amendment is a full edit of the submission's comments, by the form's own rules
(drafts.clean_comments, i.e. submissions.validate): comments may be added or removed, and a comment
may move to another part of the draft. The reference stays. A comment that keeps its part of the
draft keeps its row (and so whatever the office noted on it) with the new text; a comment on another
part of the draft is a new comment, because a decision is about a text on one clause. A decision on a
comment whose text, kind or points change is made stale (consultation.office.decisions.sender_changed): it
is about a text nobody in the office read, so it goes back to a proposal, marked. The office sees
the latest text and when it changed (Submission.amended_at), or that the feedback was withdrawn
(Submission.withdrawn_at), and gets a mail through the outbox for each (purposes AMENDED, WITHDRAWN). The
submitter gets a receipt of each change at the address they gave (CHANGE_RECEIPT), which counts with
their other receipts against the per-address daily cap (consultation.mail.caps).

A withdrawn submission's comments stay, marked, so the office's record of what was received is
complete; they are not comments to decide. `considered()` (on submissions) and `comment_considered()` (on
comments) are the one rule for that, applied by every count, the publication and the summaries; the comments export lists them marked as withdrawn.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .clock import utcnow
from .db import write_lock
from .document import Consultation
from .drafts import clean_comments
from .inbound.retention import purge_for_submission
from .i18n import N_
from .intake import repeats
from .models import Comment, OutboxMessage, Submission
from .submissions import FieldError, ValidationFailed, WindowClosed
from .window import refusal

# What the office is shown about a submission its sender changed or withdrew (office/submission.html).
AMENDED_NOTE = N_("Changed by the submitter on %(date)s; the text shown is the latest.")
WITHDRAWN_NOTE = N_("Withdrawn by the submitter on %(date)s: not to be considered.")
# Outbox purposes of the office's mail about it (consultation.mail.messages builds them at send time).
AMENDED, WITHDRAWN = "amended", "withdrawn"
# Outbox purpose of the submitter's receipt of a change; RECEIPTS are the receipts to the submitter's address,
# capped together per address (MAIL_RECEIPTS_PER_DAY) and cancelled together when the contacts go.
CHANGE_RECEIPT = "change_receipt"
RECEIPTS = ("receipt", CHANGE_RECEIPT)
# Outbox purpose of the mail telling a sender that the publication answering them is out (queued by
# consultation.office.publishing); with RECEIPTS, all the mail that goes to the sender's own address.
ANSWERED = "answered"
TO_SENDER = (*RECEIPTS, ANSWERED)
SUPERSEDED = "not sent: the feedback was withdrawn before this notice went out"
WITHDRAWN_RECEIPT = "not sent: the feedback was withdrawn and its contact details deleted"


def considered():
    """SQL condition on Submission: its comments are to be decided (it was not withdrawn)."""
    return Submission.withdrawn_at.is_(None)


def comment_considered():
    """The same rule as a condition on Comment, needing no join to submissions.

    Written as "not one of the withdrawn submissions": those are few and held in a partial index, and the
    comments' submission id is in the index beside their part of the draft, so a count reads two small
    indexes instead of every submission's row (1-2 s per count at 100,000 comments on SQLite; bench/office.py).
    """
    withdrawn = select(Submission.id).where(Submission.withdrawn_at.is_not(None))
    return Comment.submission_id.not_in(withdrawn.scalar_subquery())


def changeable(session: Session, consultation: Consultation, submission: Submission, now: dt.datetime) -> bool:
    """Whether the private link may still change or withdraw this submission."""
    return submission.withdrawn_at is None and refusal(session, consultation, now) is None


def _check_open(session: Session, consultation: Consultation, submission: Submission, now: dt.datetime) -> None:
    refused = refusal(session, consultation, now)
    if refused is not None:
        raise WindowClosed(refused)
    if submission.withdrawn_at is not None:
        raise ValidationFailed([FieldError("", N_("This feedback was withdrawn and can no longer be changed."))])


def _hold(session: Session, submission: Submission) -> None:
    """Take the submission for one change: its row locked until the commit (PostgreSQL; on SQLite the
    caller holds write_lock, where writers queue) and then it and its comments read afresh. Two saves at
    once (two tabs, a double click with other answers) or a save racing a withdrawal then run one after
    the other, the second on what the first stored: its check no longer holds (AnswersChanged), and a
    comment id the first replaced is then offered as a new comment (`without_gone`). Without it the second's flush updated a row the
    first had deleted (StaleDataError, a 500: attack 4, F4)."""
    session.scalars(select(Submission).where(Submission.id == submission.id).with_for_update(key_share=True)
                    .execution_options(populate_existing=True)).all()  # fetched: rows refresh only as read
    session.expire(submission, ["comments"])
    session.scalars(select(Comment).where(Comment.submission_id == submission.id)
                    .execution_options(populate_existing=True)).all()


MSG_UNKNOWN_COMMENT = N_("The form named a comment (%(name)s) that is not one of this feedback's comments as this "
                         "page showed them, or named one twice; perhaps the feedback was changed since in another "
                         "tab. Nothing was changed: open the change page again from your private link.")


class UnknownComment(ValueError):
    """A comment's id field (comments-N-id) names no comment of this submission as the change page writes it
    (str(id), in its hidden field), or names one already named by another row: `index` is the row."""

    def __init__(self, index: int):
        super().__init__(f"unknown comment id in row {index}")
        self.index = index


def own_ids(submission: Submission, comments: list[dict]) -> list[int | None]:
    """Each entry's stored comment id, or None for a new comment (a blank id). An id the page never wrote
    ("abc", "1.0", "-1", a huge number, another submission's comment, a comment replaced since) or one
    written twice raises UnknownComment: counting it as a new comment re-created the edited comment under a
    new id, and the office's decision, notes and group on the old one were lost (retest round 11, N8)."""
    stored = {str(c.id): c.id for c in submission.comments}
    out: list[int | None] = []
    for index, comment in enumerate(comments):
        raw = comment.get("id")
        if raw is None or raw == "":
            out.append(None)
            continue
        if raw.__class__ is int:  # a caller in code (the stored id itself); the page sends its text
            raw = str(raw)
        found = stored.get(raw) if isinstance(raw, str) else None
        if found is None or found in out:
            raise UnknownComment(index)
        out.append(found)
    return out


def without_gone(submission: Submission, comments: list[dict]) -> list[dict]:
    """`comments` with the ids of comments no longer stored blanked (a save from another tab replaced them):
    the check page shown again after AnswersChanged offers them as new comments, which is what they are now."""
    stored = {str(c.id) for c in submission.comments}
    return [c if c.get("id") in stored else {**c, "id": ""} for c in comments]


_COMPARED = ("kind", "proposal", "reason", "proposed_points")


def changed_comments(consultation: Consultation, submission: Submission, comments: list[dict]) -> list[bool]:
    """For each of `comments`, whether saving would change it (new, moved to another part of the draft,
    or edited), by amend's rule, changing nothing: the check page marks those. Raises ValidationFailed
    like amend when the comments break a rule."""
    ids = own_ids(submission, comments)
    clean = clean_comments([{k: v for k, v in c.items() if k != "id"} for c in comments], consultation)
    before = {c.id: c for c in submission.comments}
    kept: list[Comment] = []
    changed = []
    for cid, new in zip(ids, clean):
        comment = before.get(cid)
        if comment is None or comment in kept or comment.target_ref != new["target"]:
            changed.append(True)
            continue
        changed.append(any(getattr(comment, key) != new[key] for key in _COMPARED))
        kept.append(comment)
    return changed


def differs(consultation: Consultation, submission: Submission, comments: list[dict]) -> bool:
    """Whether saving `comments` would change the submission (amend's rule, without changing anything):
    the check page says "not saved yet" after an edit and "nothing changed" only when there is none.
    A comment added, removed, moved or edited counts; the order alone does not."""
    changed = changed_comments(consultation, submission, comments)
    return any(changed) or changed.count(False) != len(submission.comments)


class AnswersChanged(Exception):
    """The submission changed (another tab saved) since the check step the confirmation came from: nothing
    is changed, and the check is shown again (consultation.checked)."""


def amend(session: Session, consultation: Consultation, submission: Submission, comments: list[dict],
          now: dt.datetime, *, office_mailbox: str | None = None,
          still_checked: Callable[[Submission], bool] | None = None) -> bool:
    """Replace the submission's comments with `comments` (the whole list, as the form sends it) and commit.

    Each entry is {"target", "kind", "proposal", "reason", "proposed_points"} and, for a comment that
    was already there, its "id" (one of this submission's own comments, as str(id); blank for a new one).
    Returns whether anything changed; only then is amended_at set and the office told.
    Raises WindowClosed after the window, ValidationFailed (fields comments.N.x, as on the form) when
    the comments break a rule, UnknownComment when an id is not one of its comments (`own_ids`), AnswersChanged
    when `still_checked` (asked of the submission as stored now, under the lock) says it is no longer the one
    the check step showed, or names a comment it no longer has; nothing is changed then.
    """
    with write_lock(session):
        _hold(session, submission)
        _check_open(session, consultation, submission, now)
        if still_checked is not None and not _still(still_checked, submission):
            session.rollback()  # the row lock goes at once (PostgreSQL)
            raise AnswersChanged()
        try:
            ids = own_ids(submission, comments)  # first: an id it never had changes nothing
        except UnknownComment:
            session.rollback()
            raise
        return _amend(session, consultation, submission, comments, ids, now, office_mailbox)


def _still(still_checked: Callable[[Submission], bool], submission: Submission) -> bool:
    """`still_checked`, where an id of a comment another save replaced meanwhile means "not as checked"."""
    try:
        return still_checked(submission)
    except UnknownComment:
        return False


def _amend(session: Session, consultation: Consultation, submission: Submission, comments: list[dict],
           ids: list[int | None], now: dt.datetime, office_mailbox: str | None) -> bool:
    changed = differs(consultation, submission, comments)  # one rule for the check page and the save
    clean = clean_comments([{k: v for k, v in c.items() if k != "id"} for c in comments], consultation)
    before = {c.id: c for c in submission.comments}
    kept: list[Comment] = []
    edited: list[int] = []
    for position, (cid, new) in enumerate(zip(ids, clean)):
        comment = before.get(cid)
        if comment is None or comment in kept or comment.target_ref != new["target"]:
            comment = Comment(consultation_id=submission.consultation_id, target_ref=new["target"],
                              original_text=consultation.quote(new["target"]), created_at=now)
        elif any(getattr(comment, key) != new[key] for key in _COMPARED):
            edited.append(comment.id)
        values = {"position": position, **{key: new[key] for key in _COMPARED}}
        for key, value in values.items():
            if getattr(comment, key) != value:
                setattr(comment, key, value)
        kept.append(comment)
    dropped = [cid for cid, c in before.items() if c not in kept]
    if edited or dropped:  # a decision is about the text the office read: made stale, never carried over
        from .office.decisions import sender_changed  # here: the office imports this module

        sender_changed(session, edited, dropped, reference=submission.reference, now=now)
    submission.comments = kept  # the rest are deleted (delete-orphan); the office's rows on them follow
    if changed:
        submission.amended_at = now
        if submission.channel in repeats.PUBLIC_CHANNELS:  # an identical repeat is judged on what is stored now
            repeats.reclaim(session, repeats.fingerprint(submission.consultation_id, {
                "comments": clean, "submitter": {"phone": submission.phone, "email": submission.email}}),
                submission.reference, submission.account, submission.received_at, utcnow())
        if office_mailbox:
            _owe(session, submission, AMENDED, office_mailbox, "zh_CN")
        if submission.email:
            _owe(session, submission, CHANGE_RECEIPT, submission.email, submission.locale)
    session.commit()
    return changed


def withdraw(session: Session, consultation: Consultation, submission: Submission, now: dt.datetime, *,
             office_mailbox: str | None = None) -> None:
    """Mark the submission withdrawn and delete its contact details (nobody needs them any more); the
    comments stay, marked, so the office's record of what was received is complete. Mail still owed
    to the sender is not sent, and the address leaves the outbox too, as does the original message or
    letter it was filed from (consultation.inbound.retention). Withdrawing twice (two clicks at once)
    withdraws once: the second finds it done."""
    with write_lock(session):
        _hold(session, submission)
        if submission.withdrawn_at is not None:
            session.rollback()
            return
        _check_open(session, consultation, submission, now)
        _withdraw(session, submission, now, office_mailbox)


def _withdraw(session: Session, submission: Submission, now: dt.datetime, office_mailbox: str | None) -> None:
    submission.withdrawn_at = now
    submission.name = submission.phone = submission.email = submission.account = None
    if submission.category == "individual":
        submission.organisation = None
    submission.contacts_purged_at = now
    repeats.forget(session, submission.reference)
    purge_for_submission(session, submission.id, utcnow())
    # Every mail owed to the sender's address: receipts, and the "answered" notice a publication queued (a
    # sender who withdraws after a publication is not mailed at the address just deleted).
    owed_to_sender = (OutboxMessage.submission_id == submission.id) & OutboxMessage.purpose.in_(TO_SENDER)
    session.execute(update(OutboxMessage).where(owed_to_sender, OutboxMessage.status == "pending",
                                                OutboxMessage.attempts == 0)
                    .values(status="skipped", last_error=WITHDRAWN_RECEIPT).execution_options(synchronize_session=False))
    session.execute(update(OutboxMessage).where(owed_to_sender).values(recipient="")
                    .execution_options(synchronize_session=False))
    session.execute(update(OutboxMessage).where(
        OutboxMessage.submission_id == submission.id, OutboxMessage.purpose == AMENDED, _unsent())
        .values(status="skipped", last_error=SUPERSEDED).execution_options(synchronize_session=False))
    if office_mailbox:
        _owe(session, submission, WITHDRAWN, office_mailbox, "zh_CN")
    session.commit()


def _unsent():
    """SQL condition on OutboxMessage: owed and not yet attempted, whether due (pending) or waiting for the
    office's hourly digest (held: consultation.mail.caps)."""
    return OutboxMessage.status.in_(("pending", "held")) & (OutboxMessage.attempts == 0)


def _owe(session: Session, submission: Submission, purpose: str, recipient: str, locale: str) -> None:
    """Owe the office (or the submitter) a mail about the change. The message is built when it is sent,
    from the stored submission, so one notice not yet sent (due, or held for the office's digest) already
    carries every later change and stands for it: a submitter who saves ten times causes one mail to each
    until the first goes out, not ten. Each notice to the office counts toward its hourly cap
    (consultation.mail.caps), so changing a submission over and over ends in the digest like submitting
    over and over. Times on the real clock, as the worker's."""
    waiting = session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.submission_id == submission.id, OutboxMessage.purpose == purpose, _unsent()).limit(1))
    if waiting is not None:
        return
    mailed_at = utcnow()
    session.add(OutboxMessage(submission_id=submission.id, purpose=purpose, recipient=recipient, locale=locale,
                              status="pending", attempts=0, created_at=mailed_at, next_attempt_at=mailed_at))
