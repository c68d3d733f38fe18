"""A clerk enters feedback that came by letter, fax, phone or at a meeting, with its scanned original.

The entry is an intake item like a mail message (source letter/fax/phone/
meeting, the date it was received as its arrival), so the same two-step filing,
the same lateness rule and the same audit apply; the scan is kept with it.
"""
from __future__ import annotations

import datetime as dt

from consultation.office import audit
from consultation.services import Services
from consultation.submissions import FieldError, ValidationFailed
from consultation.i18n import N_

from . import filing, review
from .models import SOURCES, InboundItem

MAX_SCAN_BYTES = 20 * 1024 * 1024


def enter(services: Services, *, source: str, received_at: dt.datetime, draft: dict, actor: str, now: dt.datetime,
          scan: tuple[str, str, bytes] | None = None, note: str = "") -> InboundItem:
    """Raises ValidationFailed (nothing stored) for an incomplete entry."""
    errors = []
    if source not in SOURCES or source == "email":
        errors.append(FieldError("source", N_("Choose how the feedback reached the office.")))
    if received_at > now:
        errors.append(FieldError("received_on", N_("The date received cannot be in the future.")))
    if scan is not None and len(scan[2]) > MAX_SCAN_BYTES:
        errors.append(FieldError("scan", N_("The scan is too large (at most %(mb)d MB)."),
                                 {"mb": MAX_SCAN_BYTES // 1024 // 1024}))
    draft = review.resolve_targets(draft, services)
    try:
        review.check(draft, services)
    except ValidationFailed as exc:
        errors += exc.errors
    if errors:
        raise ValidationFailed(errors)
    with services.session() as session:
        item = InboundItem(consultation_id=services.consultation.id, source=source, status="filing", reasons=[],
                          arrived_at=received_at, draft=draft, note=note.strip()[:2000], entered_by=actor,
                          sender=draft["submitter"].get("email") or None,
                          sender_name=draft["submitter"].get("name") or None,
                          late=filing.is_outside_window(session, services, received_at))
        if scan is not None:
            item.files.append(filing.file_blob("scan", *scan))
        if item.late:
            item.status, item.reasons = "review", ["late"]
        session.add(item)
        session.flush()
        audit.record(session, actor, "inbound.manual_entry", f"inbound-{item.id}",
                     after={"source": source, "comments": len(draft["comments"]), "scan": scan is not None,
                            "late": item.late})
        session.commit()
        item_id = item.id
    filing.finish(services, item_id)
    with services.session() as session:
        item = session.get(InboundItem, item_id)
        session.expunge(item)
        return item
