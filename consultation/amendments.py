"""Changing or withdrawing a submission through its private link, while the window is open.

The submitter keeps the same reference; the office sees the latest text and when it changed
(Submission.amended_at) or that it was withdrawn (Submission.withdrawn_at). Comments keep their
target: a comment on another part of the draft is a new submission. The rules for a comment's content
are submission's own (submissions.validate); the window is the same rule for every channel.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from .document import Consultation
from .drafts import comment_errors
from .i18n import N_
from .models import Submission
from .submissions import FieldError, ValidationFailed, WindowClosed, clean_text
from .window import refusal

EDITABLE = ("kind", "proposal", "reason", "proposed_points")
# What the office is shown about a submission its sender changed or withdrew (office/submission.html).
AMENDED_NOTE = N_("Changed by the submitter on %(date)s; the text shown is the latest.")
WITHDRAWN_NOTE = N_("Withdrawn by the submitter on %(date)s: not to be considered.")


def changeable(session: Session, consultation: Consultation, submission: Submission, now: dt.datetime) -> bool:
    """Whether the private link may still change or withdraw this submission."""
    return submission.withdrawn_at is None and refusal(session, consultation, now) is None


def _check_open(session: Session, consultation: Consultation, submission: Submission, now: dt.datetime) -> None:
    refused = refusal(session, consultation, now)
    if refused is not None:
        raise WindowClosed(refused)
    if submission.withdrawn_at is not None:
        raise ValidationFailed([FieldError("", N_("This feedback was withdrawn and can no longer be changed."))])


def amend(session: Session, consultation: Consultation, submission: Submission, changes: list[dict],
          now: dt.datetime) -> None:
    """Replace the text of each comment (changes[i] for the comment at position i) and commit.

    Raises WindowClosed after the window, ValidationFailed (fields comments.N.x, as on the form) when a
    comment breaks a rule; nothing is changed then.
    """
    _check_open(session, consultation, submission, now)
    comments = list(submission.comments)
    if len(changes) != len(comments):
        raise ValidationFailed([FieldError("comments", N_("The form did not match your feedback: reload it."))])
    proposed = [{"target": c.target_ref, **{key: change.get(key) for key in EDITABLE}}
                for c, change in zip(comments, changes)]
    errors = comment_errors(proposed, consultation)
    if errors:
        raise ValidationFailed(errors)
    changed = False
    for comment, new in zip(comments, proposed):
        points = new["proposed_points"]
        points = None if points in (None, "") else int(str(points).strip())
        values = {"kind": clean_text(new["kind"]), "proposal": clean_text(new["proposal"]),
                  "reason": clean_text(new["reason"]), "proposed_points": points}
        for key, value in values.items():
            if getattr(comment, key) != value:
                setattr(comment, key, value)
                changed = True
    if changed:
        submission.amended_at = now
    session.commit()


def withdraw(session: Session, consultation: Consultation, submission: Submission, now: dt.datetime) -> None:
    """Mark the submission withdrawn and delete its contact details (nobody needs them any more); the
    comments stay, marked, so the office's record of what was received is complete."""
    _check_open(session, consultation, submission, now)
    submission.withdrawn_at = now
    submission.name = submission.phone = submission.email = submission.account = None
    if submission.category == "individual":
        submission.organisation = None
    submission.contacts_purged_at = now
    session.commit()
