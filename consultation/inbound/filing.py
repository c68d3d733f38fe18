"""Filing what arrived: exactly once, never lost, and only what is sure without a clerk.

A message is filed in two steps, each its own transaction:
1. the item is stored with its original and attachments, keyed by (mailbox,
   UIDVALIDITY, UID) and by the message's identity; a crash before this commit
   leaves nothing, so the next pass reads the message again; a second copy of a
   message (delivered twice, or the folder re-read under a new UIDVALIDITY) meets
   the unique identity and is recorded as a duplicate with nothing else;
2. an item that needs no clerk ("filing") becomes a submission through
   `submissions.submit`, whose idempotency key is the item's own id, and the item
   is marked filed. A crash between the two leaves the item in "filing"; the next
   pass finishes it, and the key makes that one submission, not two.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consultation.models import Submission
from consultation.services import Services
from consultation.submissions import ValidationFailed, WindowClosed, submit
from consultation.window import window_state

from . import owncopies
from .filenames import display_name
from .mime import Mail, identity_of, parse
from .models import InboundFile, InboundItem
from .reading import read_mail

log = logging.getLogger(__name__)
CONSENT_BASIS = "sent_to_office"


@dataclass(frozen=True)
class Filed:
    item_id: int | None  # None: another intake process stored this UID first
    status: str


def file_blob(role: str, filename: str, content_type: str, data: bytes, unreadable: str = "") -> InboundFile:
    """A kept file under a safe display name (filenames.py): the client's raw name is never stored."""
    return InboundFile(role=role, filename=display_name(filename, role), content_type=content_type[:120], size=len(data),
                      sha256=hashlib.sha256(data).hexdigest(), unreadable=unreadable, data=data)


def is_outside_window(session, services: Services, arrived_at: dt.datetime) -> bool:
    return not window_state(session, services.consultation, arrived_at).is_open


def store_message(services: Services, raw: bytes, *, mailbox: str, uidvalidity: int, uid: int,
                  arrived_at: dt.datetime) -> Filed:
    """Step 1: record the message (or that it is a duplicate / our own copy), with its original."""
    consultation = services.consultation
    try:
        mail = parse(raw)
    except Exception:  # a message the parser cannot take apart is kept whole, for a clerk
        log.warning("unparseable message UID %s", uid, exc_info=True)
        mail = Mail(message_id="", identity=identity_of("", raw), sender="", sender_name="", subject="", text="",
                    unparseable=True)
    with services.session() as session:
        known = session.scalar(select(InboundItem.id).where(
            InboundItem.mailbox == mailbox, InboundItem.uidvalidity == uidvalidity, InboundItem.uid == uid))
        if known is not None:
            return Filed(known, "known")
        item = InboundItem(consultation_id=consultation.id, source="email", mailbox=mailbox, uidvalidity=uidvalidity,
                          uid=uid, message_id=mail.message_id or None, sender=mail.sender or None,
                          sender_name=mail.sender_name or None, subject=mail.subject[:1000], arrived_at=arrived_at,
                          late=is_outside_window(session, services, arrived_at), reasons=[], note="")
        first = session.scalar(select(InboundItem.id).where(InboundItem.consultation_id == consultation.id,
                                                           InboundItem.identity == mail.identity))
        if first is not None:
            item.status, item.reasons, item.duplicate_of_id = "duplicate", ["duplicate"], first
            item.sender = item.sender_name = None  # the first copy holds them
        else:
            item.identity = mail.identity
            item.files.append(file_blob("original", f"message-{uid}.eml", "message/rfc822", raw))
            if mail.unparseable:
                item.status, item.reasons = "manual", ["unreadable_message"]
            elif (own := owncopies.recognise(session, mail, consultation)) is not None:
                item.status = "skipped"
                item.reasons = ["own_copy_forwarded" if own.forwarded else "own_copy"]
                item.note = "\n".join(own.references)  # the submissions it is a copy of, already stored
            else:
                draft, reasons, unreadable = read_mail(mail, consultation)
                for attachment in mail.attachments:
                    item.files.append(file_blob("attachment", attachment.filename, attachment.content_type,
                                                attachment.data, unreadable.get(attachment.filename, "")))
                if item.late:
                    reasons.append("late")
                item.draft, item.reasons = draft, reasons
                item.status = ("manual" if "unreadable_attachment" in reasons
                               else "review" if reasons else "filing")
        session.add(item)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()  # another intake process stored this UID or this message meanwhile
            return Filed(None, "raced")
        return Filed(item.id, item.status)


def payload_of(draft: dict) -> dict:
    # A target nobody chose yet (None) is checked as an empty choice: "choose what the comment is about".
    return {"comments": [{**{key: c.get(key) for key in ("kind", "proposal", "reason", "proposed_points")},
                          "target": c.get("target") or ""} for c in draft["comments"]],
            "submitter": dict(draft["submitter"]), "consent": True}


def finish(services: Services, item_id: int) -> str:
    """Step 2: an item in "filing" becomes its submission (or goes to review if the store refuses it)."""
    with services.session() as session:
        item = session.get(InboundItem, item_id)
        if item is None or item.status != "filing":
            return item.status if item is not None else "missing"
        key = f"inbound-{item.id}"
        # The key's own lifetime (24 h, for public retries) does not matter here: only this item uses it.
        earlier = session.scalar(select(Submission.id).where(
            Submission.consultation_id == item.consultation_id, Submission.idempotency_key == key))
        if earlier is not None:
            item.submission_id, item.status = earlier, "filed"
            session.commit()
            return item.status
        try:
            receipt = submit(services.engine, services.consultation, payload_of(item.draft), channel=item.source,
                             locale="zh_CN", now=item.arrived_at, secret_key=services.settings.secret_key,
                             office_mailbox=None, idempotency_key=key,
                             consent_basis=CONSENT_BASIS, counted_late=item.late)
        except (ValidationFailed, WindowClosed) as exc:
            item.status = "review"
            problems = ([f"{e.field}: {e.message % e.params if e.params else e.message}" for e in exc.errors]
                        if isinstance(exc, ValidationFailed) else ["late"])
            item.reasons = sorted(set(item.reasons) | {"invalid" if isinstance(exc, ValidationFailed) else "late"})
            item.note = "\n".join(problems)[:2000]
            session.commit()
            return item.status
        item.submission_id = session.scalar(select(Submission.id).where(Submission.reference == receipt.reference))
        item.status = "filed"
        session.commit()
        return item.status


def unfinished(services: Services) -> list[int]:
    """Items a crash left between their two steps."""
    with services.session() as session:
        return list(session.scalars(select(InboundItem.id).where(
            InboundItem.consultation_id == services.consultation.id, InboundItem.status == "filing")))
