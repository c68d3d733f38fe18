"""The intake's share of the contact purge (consultation.exports.retention.purge_contacts).

A message's original, its attachments and a scanned letter carry the sender's
name and address as much as the submission does, so they go at the same
cut-off: the files' bytes and names are deleted (a name is the sender's choice
and often names them, as in "张三-意见反馈表.docx"; role, type, size and hash
stay, as a record that there was one), and the sender, the subject, the draft's
submitter and the text outside its comments (a signature with name and
telephone, and the number read from it as a suggestion) are cleared. The
comments themselves live on in the submission.

They go with the submission's contacts, whichever removes those: the purge by age, which
also takes the items of every submission whose contacts are gone (however late the item's
own arrival time says it came), and a withdrawal (consultation.amendments.withdraw), which
takes its submission's items at once. Copies of the same message (duplicate_of) go with it.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from consultation.models import Submission

from .models import InboundFile, InboundItem


def purge_inbound(session: Session, consultation_id: str, *, cutoff: dt.datetime, now: dt.datetime) -> int:
    """Items older than the cut-off, and those of submissions whose contacts are already purged."""
    purged_submissions = select(Submission.id).where(Submission.contacts_purged_at.is_not(None))
    return _purge(session, now, InboundItem.consultation_id == consultation_id, or_(
        InboundItem.arrived_at < cutoff, InboundItem.submission_id.in_(purged_submissions.scalar_subquery())))


def purge_for_submission(session: Session, submission_id: int, now: dt.datetime) -> int:
    """The items a submission was filed from (its contacts were just deleted); the caller commits."""
    return _purge(session, now, InboundItem.submission_id == submission_id)


def _purge(session: Session, now: dt.datetime, *where) -> int:
    due = list(session.scalars(select(InboundItem).where(*where, InboundItem.purged_at.is_(None))))
    if due:  # and the copies of the same message, which hold the same original
        copies = select(InboundItem).where(InboundItem.duplicate_of_id.in_([i.id for i in due]),
                                           InboundItem.purged_at.is_(None))
        due += [c for c in session.scalars(copies) if c not in due]
    for item in due:
        item.sender = item.sender_name = item.subject = None  # a subject is the sender's words, often their name
        if item.draft:
            # The text outside the comments (greetings, a signature with name and telephone) goes too.
            draft = {key: value for key, value in item.draft.items() if key not in ("preamble", "suggested_phone")}
            if draft.get("submitter"):
                category = draft["submitter"].get("category")
                organisation = draft["submitter"].get("organisation") if category != "individual" else ""
                draft["submitter"] = {"category": category, "organisation": organisation}
            item.draft = draft
        item.purged_at = now
    if due:
        session.execute(update(InboundFile).where(InboundFile.item_id.in_([i.id for i in due]))
                        .values(data=None, filename=InboundFile.role)  # a file's name often names its sender
                        .execution_options(synchronize_session=False))
    return len(due)
