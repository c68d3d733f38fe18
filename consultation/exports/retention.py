"""Removing contact details after the retention period, keeping comments and decisions.

What is removed: name, phone, email and the chat account (telegram:…/wechat:…,
a personal identifier) of every submission older than the cut-off; the
organisation too when the submitter wrote as an individual (an individual's
employer identifies them), but not for enterprises, departments and other
bodies, whose name is not personal data and which the office may need when it
reports who commented. The submission keeps its category, channel, time and
comments, so counts, exports and decisions are unchanged; contacts_purged_at
records when. Mail still owed to a purged address (receipts, receipts of changes, the
publication's answer) is cancelled (marked failed, recipient cleared), and the address is
cleared from the sent ones too.

Age is elapsed time on the real clock: a submission is as old as the time since it was stored
(received_at; created_at only for rows without it, e.g. restored from an archive, whose created_at
is their real date), never the CONSULT_NOW calendar, so a simulated date neither empties nor keeps
the contacts. The mail worker (`consult worker`) runs `purge_expired` once an hour with the retention
the privacy notice states (consultation.privacy.CONTACT_RETENTION_DAYS).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.orm import Session

from consultation.clock import utcnow
from consultation.document import all_consultations

from consultation import drafts
from consultation.amendments import TO_SENDER
from consultation.inbound.retention import purge_inbound
from consultation.intake import repeats
from consultation.models import OutboxMessage, Submission
from consultation.office import visibility
from consultation.privacy import CONTACT_RETENTION_DAYS

PURGED_NOTE = "contact details purged after the retention period"


@dataclass(frozen=True)
class PurgeResult:
    submissions: int
    outbox: int
    cutoff: dt.datetime


def purge_contacts(session: Session, consultation_id: str, *, older_than_days: int,
                   now: dt.datetime | None = None) -> PurgeResult:
    """Purge what was stored more than `older_than_days` before `now` (the real clock unless given)."""
    now = now or utcnow()  # purge ages are elapsed time: the real clock
    cutoff = now - dt.timedelta(days=older_than_days)
    stored_at = func.coalesce(Submission.received_at, Submission.created_at)
    due = and_(Submission.consultation_id == consultation_id, stored_at < cutoff,
               Submission.contacts_purged_at.is_(None))
    ids = select(Submission.id).where(due).scalar_subquery()
    outbox = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.submission_id.in_(ids), OutboxMessage.purpose.in_(TO_SENDER))
        .values(recipient="",
                status=case((OutboxMessage.status.in_(("pending", "failed")), "failed"), else_=OutboxMessage.status),
                last_error=case((OutboxMessage.status.in_(("pending", "failed")), PURGED_NOTE), else_=None))
        .execution_options(synchronize_session=False)).rowcount
    submissions = session.execute(
        update(Submission).where(due)
        .values(name=None, phone=None, email=None, account=None,
                organisation=case((visibility.personal_organisation(), None), else_=Submission.organisation),
                contacts_purged_at=now)
        .execution_options(synchronize_session=False)).rowcount
    purge_inbound(session, consultation_id, cutoff=cutoff, now=now)
    session.commit()
    return PurgeResult(submissions, outbox, cutoff)


def purge_expired(session: Session, now: dt.datetime | None = None) -> dict[str, PurgeResult]:
    """The scheduled purge: every consultation's contacts older than the retention period."""
    now = now or utcnow()  # purge ages are elapsed time: the real clock
    results = {cid: purge_contacts(session, cid, older_than_days=CONTACT_RETENTION_DAYS, now=now)
               for cid in sorted(all_consultations())}
    # The identical-repeat guard's rows older than its window (each holds a hash of a contact): the storing
    # path sweeps them too, but only while submissions come.
    repeats.sweep(session, now)
    drafts.purge_expired(session, now)  # the form's drafts past their days (also swept when one is started)
    session.commit()
    return results
