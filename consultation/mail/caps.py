"""Caps on the mail a flood of submissions can cause, kept as rules over the outbox rows themselves.

A submission owes a receipt to its sender and a copy to the office (consultation.submissions). A
script that posts thousands of submissions must not turn the service into a mail cannon aimed at
one address, nor bury the office mailbox. So, before the worker claims a row for the first time:

- a receipt (of a submission, or of a change made through the private link: consultation.amendments.RECEIPTS)
  is sent only if fewer than MAIL_RECEIPTS_PER_DAY receipts to the same mailbox (the address case-folded,
  without a `+tag` and, for Gmail, without dots: consultation/intake/countkeys.py, as the per-contact limit counts it) were owed
  (and not themselves skipped) in the 24 hours before it; otherwise it becomes "skipped" with the
  reason in last_error. The row stays: nothing leaves the outbox's record silently.
- a mail the public causes to the office mailbox (OFFICE_MAIL: the copy of a new submission, and the
  notice of a change or a withdrawal made through the private link, consultation.amendments) is sent
  only if fewer than MAIL_OFFICE_COPIES_PER_HOUR such mails were owed in the hour before it; otherwise
  it is "held". Once the oldest held mail is an hour old, every held mail is gathered into one "digest"
  row (its digest_id points there, status "digested"): one message with the usual subject line listing
  the new submissions' references, then the changed and the withdrawn ones. So at most one digest goes
  out per hour. The notices count with the copies because each is one more DOCX in the same mailbox: a
  script that changes its submission again and again must not bury the office any more than one that
  submits again and again (attack round 10, F4). A submission has at most one notice waiting (pending
  or held), which is built when it is sent and so names its latest state (consultation.amendments._owe).

The decision for a row depends only on rows with smaller ids, is taken in id order under one lock
(PostgreSQL advisory lock; SQLite's writer queue), and so is the same whichever worker takes it and
however often it is re-evaluated. Times are the outbox's created_at, written on the real clock:
a day and an hour here are elapsed time, never CONSULT_NOW.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import String, and_, func, or_, select, text, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import GenericFunction

from consultation.amendments import AMENDED, RECEIPTS, WITHDRAWN
from consultation.db import write_lock
from consultation.intake.countkeys import DOTLESS_DOMAINS, contact_email, like_tagged
from consultation.models import OutboxMessage, Submission

from .settings import MailSettings

SKIPPED = "skipped"
HELD = "held"
DIGESTED = "digested"
DIGEST = "digest"
OFFICE_MAIL = ("office", AMENDED, WITHDRAWN)  # the public's mail to the office mailbox, under one hourly cap
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)
LOCK_KEY = 0x6D61696C63617073  # "mailcaps": one advisory lock for every worker of this database
PASS_LIMIT = 500  # rows judged per claim pass; the rest on the next pass
ESCAPE = "/"  # LIKE's escape character: not one an address may hold (intake/fields.py EMAIL_BODY)


class ascii_lower(GenericFunction):
    """lower() of the ASCII letters only, on both databases, as countkeys.contact_email folds an address:
    SQLite's lower() folds only ASCII; PostgreSQL's folds every letter unless its collation is "C" (an
    address with letters that are not ASCII, RFC 6531, must count as the key does: JOSÉ@ is josÉ@)."""

    type = String()
    inherit_cache = True


@compiles(ascii_lower)
def _ascii_lower(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(ascii_lower, "postgresql")
def _ascii_lower_postgresql(element, compiler, **kw):
    return f'lower(({compiler.process(element.clauses, **kw)}) COLLATE "C")'


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})


def _earlier(row, purposes: tuple[str, ...], window: dt.timedelta, excluded: tuple[str, ...], same_recipient: bool):
    other = aliased(OutboxMessage)
    where = [other.purpose.in_(purposes), other.id < row.id, other.created_at > row.created_at - window,
             other.status.not_in(excluded)]
    if same_recipient:
        # One mailbox whatever its case and +tag (Zhang.San+x@ and zhang.san@): the recipient's contact key
        # (countkeys.contact_email), matched by the key itself or a tagged spelling of it, with no column or
        # function of its own on either database. The stored recipient stays as it was typed.
        key = contact_email(row.recipient)
        local, _, domain = key.partition("@")
        if domain in DOTLESS_DOMAINS.values():
            # Gmail: every dotted spelling, under either of its domains, compared without its dots
            recipient = func.replace(ascii_lower(other.recipient), ".", "")
            keys = [f"{local}@{name.replace('.', '')}" for name in DOTLESS_DOMAINS]
        else:
            recipient, keys = ascii_lower(other.recipient), [key]
        where.append(or_(recipient.in_(keys), *(recipient.like(like_tagged(k, ESCAPE), escape=ESCAPE) for k in keys)))
    return select(func.count()).select_from(other).where(and_(*where))


def apply(session: Session, now: dt.datetime, settings: MailSettings) -> None:
    """Judge rows not yet attempted against the caps, then gather held office copies into a digest.

    Called by the worker in its claim transaction, before it picks rows, so no row is claimed unjudged.
    The caller commits.
    """
    with write_lock(session):
        _lock(session)
        rows = session.execute(
            select(OutboxMessage.id, OutboxMessage.purpose, OutboxMessage.recipient, OutboxMessage.created_at)
            .where(OutboxMessage.status == "pending", OutboxMessage.attempts == 0,
                   OutboxMessage.purpose.in_((*RECEIPTS, *OFFICE_MAIL)), OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id).limit(PASS_LIMIT)).all()
        for row in rows:
            if row.purpose in RECEIPTS:
                sent = session.scalar(_earlier(row, RECEIPTS, DAY, (SKIPPED,), True))
                if sent >= settings.receipts_per_day:
                    session.execute(update(OutboxMessage).where(OutboxMessage.id == row.id).values(
                        status=SKIPPED, last_error=f"not sent: {settings.receipts_per_day} receipts to this "
                                                   f"address in the 24 hours before it (MAIL_RECEIPTS_PER_DAY)"))
            else:
                sent = session.scalar(_earlier(row, OFFICE_MAIL, HOUR, (HELD, DIGESTED, SKIPPED), False))
                if sent >= settings.office_copies_per_hour:
                    session.execute(update(OutboxMessage).where(OutboxMessage.id == row.id).values(
                        status=HELD, last_error=f"held for the hourly digest: {settings.office_copies_per_hour} "
                                                f"mails to the office in the hour before it "
                                                f"(MAIL_OFFICE_COPIES_PER_HOUR)"))
        _gather(session, now)


def _gather(session: Session, now: dt.datetime) -> None:
    """One digest row per office mailbox for every held copy, once the oldest of them is an hour old."""
    held = session.execute(select(OutboxMessage.recipient, func.min(OutboxMessage.created_at))
                           .where(OutboxMessage.status == HELD).group_by(OutboxMessage.recipient)).all()
    for recipient, oldest in held:
        if oldest > now - HOUR:
            continue
        digest = OutboxMessage(purpose=DIGEST, recipient=recipient, locale="zh_CN", status="pending", attempts=0,
                               created_at=now, next_attempt_at=now)
        session.add(digest)
        session.flush()
        session.execute(update(OutboxMessage).where(OutboxMessage.status == HELD,
                                                    OutboxMessage.recipient == recipient)
                        .values(status=DIGESTED, digest_id=digest.id,
                                last_error=f"sent in the office digest (outbox {digest.id})"))


def digest_entries(session: Session, digest_id: int) -> list[tuple[str, str]]:
    """(reference, purpose) of what a digest lists, in the order the mails were owed."""
    return [tuple(row) for row in session.execute(select(Submission.reference, OutboxMessage.purpose).join(
        OutboxMessage, OutboxMessage.submission_id == Submission.id)
        .where(OutboxMessage.digest_id == digest_id).order_by(OutboxMessage.id))]


def digest_references(session: Session, digest_id: int) -> list[str]:
    """The references a digest lists, in the order the mails were owed."""
    return [reference for reference, _purpose in digest_entries(session, digest_id)]
