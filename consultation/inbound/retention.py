"""The intake's share of the contact purge (consultation.exports.retention.purge_contacts).

A message's original, its attachments and a scanned letter carry the sender's
name and address as much as the submission does, so they go at the same
cut-off: the files' bytes are deleted (name, size and hash stay, as a record
that there was one), and the sender and the draft's submitter are cleared.
The comments themselves live on in the submission.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .models import InboundFile, InboundItem


def purge_inbound(session: Session, consultation_id: str, *, cutoff: dt.datetime, now: dt.datetime) -> int:
    due = list(session.scalars(select(InboundItem).where(
        InboundItem.consultation_id == consultation_id, InboundItem.arrived_at < cutoff,
        InboundItem.purged_at.is_(None))))
    for item in due:
        item.sender = item.sender_name = None
        if item.draft and item.draft.get("submitter"):
            category = item.draft["submitter"].get("category")
            organisation = item.draft["submitter"].get("organisation") if category != "individual" else ""
            item.draft = {**item.draft, "submitter": {"category": category, "organisation": organisation}}
        item.purged_at = now
    if due:
        session.execute(update(InboundFile).where(InboundFile.item_id.in_([i.id for i in due]))
                        .values(data=None).execution_options(synchronize_session=False))
    return len(due)
