"""From a parsed message to a draft submission, and the reasons a clerk must look at it first.

The draft is what a clerk sees and corrects in the review queue; a message with
no reason attached is filed straight away. Reasons (codes named in texts.py):
a target the reader is not sure of, no comment found, an attachment it cannot
read (legacy .doc, PDF, scans), submitter details missing, a telephone number or
email address inside a comment (comment text is published), a last line that may
be the sender's name, arrival outside the window (added by the filing step, which
knows the window).
"""
from __future__ import annotations

import logging

from consultation.document import Consultation
from consultation.intake.payload import LIMITS

from .forms import FormRow, NotAForm, read_form
from .mime import Attachment, Mail
from .plaintext import phone_in_text, read_text
from .signatures import contact_in
from .targets import resolve
from .vocabulary import category_for, kind_for

log = logging.getLogger(__name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def is_docx(attachment: Attachment) -> bool:
    return attachment.content_type == DOCX or attachment.filename.lower().endswith(".docx")


def comment_from_row(row: FormRow, consultation: Consultation) -> dict:
    target = resolve(row.target, consultation, original=row.original)
    kind = kind_for(row.kind, row.proposal)
    if kind in ("amend", "add") and not row.proposal:
        kind = "other"
    points = None
    node = consultation.nodes.get(target.ref) if target.ref else None
    digits = "".join(ch for ch in row.points if ch.isdigit())
    if node is not None and node.kind == "row" and digits:
        points = int(digits[:3])
    return {"target": target.ref, "target_text": row.target[:200], "how": target.how,
            "candidates": list(target.candidates), "kind": kind, "proposal": row.proposal[:LIMITS["proposal"]],
            "reason": row.reason[:LIMITS["reason"]], "proposed_points": points}


def submitter_from(details: dict[str, str], mail_sender: str, mail_name: str) -> dict:
    organisation = details.get("organisation", "")
    return {"category": category_for(details.get("category", ""), organisation),
            "name": (details.get("name") or mail_name)[:LIMITS["name"]],
            "organisation": organisation[:LIMITS["organisation"]],
            "phone": details.get("phone", "")[:LIMITS["phone"]],
            "email": (details.get("email") or mail_sender)[:LIMITS["email"]]}


def read_mail(mail: Mail, consultation: Consultation) -> tuple[dict, list[str], dict[str, str]]:
    """(draft, reasons, {attachment filename: why it could not be read})."""
    rows: list[FormRow] = []
    details: dict[str, str] = {}
    unreadable: dict[str, str] = {}
    sources = []
    for attachment in mail.attachments:
        if attachment.inline and attachment.content_type.startswith("image/"):
            continue  # a signature's logo
        if is_docx(attachment):
            try:
                form = read_form(attachment.data)
            except NotAForm:
                unreadable[attachment.filename] = "not_a_form"
                continue
            except Exception:  # a damaged document must not stop the mailbox: a clerk reads it
                log.warning("damaged DOCX attachment %r", attachment.filename, exc_info=True)
                unreadable[attachment.filename] = "damaged"
                continue
            rows += form.rows
            for key, value in form.submitter.items():
                details.setdefault(key, value)
            sources.append(attachment.filename)
        else:
            unreadable[attachment.filename] = "format"
    text = read_text(mail.text)
    unsure_ending = False
    if not rows:
        rows = text.rows
        if text.rows:
            sources.append("text")
            unsure_ending = text.unsure_ending
    for key, value in text.submitter.items():
        details.setdefault(key, value)
    draft = {"submitter": submitter_from(details, mail.sender, mail.sender_name),
             "comments": [comment_from_row(row, consultation) for row in rows],
             "preamble": text.outside[:2000], "read_from": sources}
    if not draft["submitter"]["phone"] and (phone := phone_in_text(mail.text, rows)):
        draft["suggested_phone"] = phone  # shown to an admin reviewing the item; the submission never takes it
    reasons = reasons_for(draft, unreadable)
    if unsure_ending:
        reasons.append("possible_signature")
    return draft, reasons, unreadable


def reasons_for(draft: dict, unreadable: dict[str, str]) -> list[str]:
    reasons = []
    if unreadable:
        reasons.append("unreadable_attachment")
    if not draft["comments"]:
        reasons.append("no_comments")
    if any(c["target"] is None for c in draft["comments"]):
        reasons.append("uncertain_target")
    if any(contact_in(c["proposal"]) or contact_in(c["reason"]) for c in draft["comments"]):
        # Comment text is published on /summary as written: a number or address in it, the sender's or
        # anyone's, is published only after a clerk has read it (and taken it out if it is personal data).
        reasons.append("contact_in_comment")
    sub = draft["submitter"]
    if not sub["name"] or not (sub["email"] or sub["phone"]):
        reasons.append("incomplete_submitter")
    return reasons
