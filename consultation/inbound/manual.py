"""A clerk enters feedback that came by letter, fax, phone or at a meeting, with its scanned original.

The entry is an intake item like a mail message (source letter/fax/phone/
meeting, the date it was received as its arrival), so the same two-step filing,
the same lateness rule and the same audit apply; the scan is kept with it.

An entry is made once per form: the form carries a token drawn when it was
shown, stored as the item's identity (unique, like a mail's Message-ID), so the
same form posted twice (a double click, a request the network repeated, two
posts racing) makes one entry, and the repeat is answered with it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consultation.office import audit
from consultation.services import Services
from consultation.submissions import FieldError, ValidationFailed
from consultation.i18n import N_

from . import filing, review
from .models import SOURCES, InboundItem

MAX_SCAN_BYTES = 20 * 1024 * 1024
FORM_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class Entered:
    item: InboundItem
    repeated: bool  # the form had already been entered: this is that entry, nothing new was stored


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def identity_for(form_token: str) -> str:
    """The entry's identity: the form it was made on (InboundItem.identity is unique per consultation)."""
    return "entry:" + hashlib.sha256(form_token.encode()).hexdigest()


def _entered_with(services: Services, identity: str) -> InboundItem | None:
    with services.session() as session:
        item = session.scalar(select(InboundItem).where(InboundItem.consultation_id == services.consultation.id,
                                                       InboundItem.identity == identity))
        if item is not None:
            session.expunge(item)
        return item


def enter(services: Services, *, source: str, received_at: dt.datetime | None, draft: dict, actor: str, now: dt.datetime,
          scan: tuple[str, str, bytes] | None = None, note: str = "", form_token: str | None = None,
          sender_pending: bool = False) -> Entered:
    """Raises ValidationFailed (nothing stored) for an incomplete entry, every problem at once (received_at
    None: no valid date was given), or for a malformed form token.

    `sender_pending`: entered by someone who does not enter personal data (an editor; docs/inbound.md). The
    draft has no sender's details, so only its comments are checked, and the entry is not filed: it waits
    in review (`incomplete_submitter`) for an administrator to add the details from the scan and file it,
    as a mail item with its sender missing does."""
    errors = []
    identity = None
    if form_token is not None:
        if not FORM_TOKEN.fullmatch(form_token):
            raise ValidationFailed([FieldError("form", N_(
                "The form could not be checked: open the entry form again and re-enter the feedback."))])
        identity = identity_for(form_token)
        earlier = _entered_with(services, identity)
        if earlier is not None:
            return Entered(earlier, True)
    if source not in SOURCES or source == "email":
        errors.append(FieldError("source", N_("Choose how the feedback reached the office.")))
    if received_at is None:
        errors.append(FieldError("received_on", N_("Give the date the feedback was received, as YYYY-MM-DD.")))
    elif received_at > now:
        errors.append(FieldError("received_on", N_("The date received cannot be in the future.")))
    if scan is not None and len(scan[2]) > MAX_SCAN_BYTES:
        errors.append(FieldError("scan", N_("The scan is too large (at most %(mb)d MB)."),
                                 {"mb": MAX_SCAN_BYTES // 1024 // 1024}))
    draft = review.resolve_targets(draft, services)
    try:
        review.check(draft, services)
    except ValidationFailed as exc:
        errors += [e for e in exc.errors if not (sender_pending and e.field.startswith("submitter"))]
    if errors:
        raise ValidationFailed(errors)
    with services.session() as session:
        item = InboundItem(consultation_id=services.consultation.id, source=source, status="filing", reasons=[],
                          arrived_at=received_at, draft=draft, note=note.strip()[:2000], entered_by=actor,
                          sender=draft["submitter"].get("email") or None,
                          sender_name=draft["submitter"].get("name") or None,
                          late=filing.is_outside_window(session, services, received_at), identity=identity)
        if scan is not None:
            item.files.append(filing.file_blob("scan", *scan))
        if sender_pending:
            item.status, item.reasons = "review", ["incomplete_submitter"]
        if item.late:
            item.status, item.reasons = "review", [*item.reasons, "late"]
        session.add(item)
        try:
            session.flush()
        except IntegrityError:  # the same form, posted at the same moment, was entered first
            session.rollback()
            earlier = _entered_with(services, identity) if identity is not None else None
            if earlier is None:
                raise
            return Entered(earlier, True)
        audit.record(session, actor, "inbound.manual_entry", f"inbound-{item.id}",
                     after={"source": source, "comments": len(draft["comments"]), "scan": scan is not None,
                            "late": item.late, "sender_pending": sender_pending})
        session.commit()
        item_id, to_file = item.id, item.status == "filing"
    if to_file:
        filing.finish(services, item_id)
    with services.session() as session:
        item = session.get(InboundItem, item_id)
        session.expunge(item)
        return Entered(item, False)
