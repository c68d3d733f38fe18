"""A clerk's decisions on what waits in the queue: confirm (with corrections) or not count.

Confirming stores the clerk's version of the draft and files it through the same
second step as the intake (filing.finish), so the submission is written once
whatever happens; both actions are in the office's audit log.
"""
from __future__ import annotations

import datetime as dt

from consultation.office import audit
from consultation.references import parse_reference
from consultation.services import Services
from consultation.submissions import FieldError, ValidationFailed, validate
from consultation.i18n import N_

from . import filing
from .models import InboundItem

OPEN_STATUSES = ("review", "manual")


class NotOpen(Exception):
    """The item is no longer waiting (filed, rejected, or another clerk got there first)."""


def resolve_targets(draft: dict, services: Services) -> dict:
    """The clerk may type 第三条 or 附件1第16项 as well as art-3: parse every target once more."""
    for comment in draft["comments"]:
        typed = (comment.get("target") or "").strip()
        comment["target"] = parse_reference(typed, services.consultation) or typed or None
    return draft


def check(draft: dict, services: Services) -> None:
    """ValidationFailed with every problem, as the public form reports them."""
    payload = filing.payload_of(draft)
    errors = []
    if not payload["comments"]:
        errors.append(FieldError("comments", N_("Add at least one comment.")))
    try:
        validate(payload, services.consultation)
    except ValidationFailed as exc:
        errors += exc.errors
    if errors:
        raise ValidationFailed(errors)


def confirm(services: Services, item_id: int, draft: dict, *, actor: str, count_late: bool,
            now: dt.datetime) -> str:
    """Store the corrected draft and file it; raises ValidationFailed (nothing changed) or NotOpen (checked
    first: a form posted again after the item was filed is told so, whatever it holds)."""
    with services.session() as session:
        item = session.get(InboundItem, item_id)
        if item is None or item.status not in OPEN_STATUSES:
            raise NotOpen(item_id)
    draft = resolve_targets(draft, services)
    check(draft, services)
    with services.session() as session:
        item = session.get(InboundItem, item_id)
        if item is None or item.status not in OPEN_STATUSES:
            raise NotOpen(item_id)
        if item.late and not count_late:
            raise ValidationFailed([FieldError("count_late", N_(
                "This arrived outside the consultation window: tick that the office counts it, or do not count it."))])
        before = {"status": item.status, "reasons": item.reasons}
        item.draft = {**(item.draft or {}), **draft}
        item.status = "filing"
        item.decided_by, item.decided_at = actor, now
        audit.record(session, actor, "inbound.confirm", f"inbound-{item.id}", before=before,
                     after={"status": "filing", "comments": len(draft["comments"]), "counted_late": item.late})
        session.commit()
    return filing.finish(services, item_id)


def only_the_sender_missing(exc: ValidationFailed) -> bool:
    """Every problem is in the sender's details: what only those who may see personal data complete."""
    return bool(exc.errors) and all(e.field.startswith("submitter") for e in exc.errors)


def save_corrections(services: Services, item_id: int, comments: list[dict], *, actor: str,
                     now: dt.datetime) -> None:
    """Keep an editor's corrections of the comments of an item whose sender's details are incomplete.

    Editors neither see nor enter personal data (docs/office.md), so an item that lacks the sender's name
    is filed by an administrator; the editor's work on the targets and kinds is kept for them, audited,
    and the item goes on waiting. Raises ValidationFailed if the comments themselves are not right.
    """
    draft = resolve_targets({"comments": comments, "submitter": {}}, services)
    try:
        check(draft, services)
    except ValidationFailed as exc:
        problems = [e for e in exc.errors if not e.field.startswith("submitter")]
        if problems:
            raise ValidationFailed(problems) from None
    with services.session() as session:
        item = session.get(InboundItem, item_id)
        if item is None or item.status not in OPEN_STATUSES:
            raise NotOpen(item_id)
        before = {"comments": len((item.draft or {}).get("comments", []))}
        item.draft = {**(item.draft or {}), "comments": draft["comments"]}
        item.reasons = [r for r in item.reasons if r not in ("uncertain_target", "no_comments")]
        if "incomplete_submitter" not in item.reasons:
            item.reasons = [*item.reasons, "incomplete_submitter"]
        audit.record(session, actor, "inbound.correct", f"inbound-{item.id}", before=before,
                     after={"comments": len(draft["comments"]), "status": item.status})
        session.commit()


def reject(services: Services, item_id: int, *, actor: str, note: str, now: dt.datetime) -> None:
    with services.session() as session:
        item = session.get(InboundItem, item_id)
        if item is None or item.status not in OPEN_STATUSES:
            raise NotOpen(item_id)
        before = {"status": item.status, "reasons": item.reasons}
        item.status, item.note = "rejected", note.strip()[:2000]
        item.decided_by, item.decided_at = actor, now
        audit.record(session, actor, "inbound.reject", f"inbound-{item.id}", before=before,
                     after={"status": "rejected", "note": item.note})
        session.commit()
