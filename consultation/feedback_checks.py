"""Each field's rules as a function of its own, so that every channel checks a field the same way.

`consultation.submissions.validate` runs the payload model (intake/payload.py: types, lengths,
characters, choices) over the whole body, then the functions here for the rules that need the draft or
tie fields together. A bot asks for one field at a time and calls `comment_field_errors` or
`submitter_field_errors` for it: the same format check, restricted to that field, and the same rules,
so the messages are the web form's and the API's.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from pydantic import ValidationError as PydanticError
from pydantic import create_model

from .document import Consultation
from .i18n import N_
from .intake import fields
from .intake.payload import NEEDS_PROPOSAL, CommentIn, SubmitterIn, field_errors
from .models import CATEGORIES, COMMENT_KINDS

NOT_AN_OBJECT = N_("The request body must be a JSON object.")
MSG_UNKNOWN_TARGET = N_("Unknown part of the draft: %(ref)s.")
MSG_NEEDS_PROPOSAL = N_("Give the wording you propose.")
MSG_EMPTY_COMMENT = N_("Give a reason or a proposal: an empty comment cannot be considered.")
MSG_POINTS_NOT_ROW = N_("Points can only be proposed for an indicator row.")
MSG_POINTS_OVER_TOTAL = N_("Points must be between 0 and %(max)d, the table's total.")
MSG_ORGANISATION = N_("Give the name of your organisation.")
MSG_CONTACT = N_("Give a phone number or an email address so the office can reach you.")
MSG_CONSENT = N_("Agree to the processing of your personal information to send feedback.")


@dataclass(frozen=True)
class FieldError:
    field: str  # e.g. "comments.0.proposal", "submitter.email", "consent"
    message: str  # a msgid; translate with params
    params: dict = field(default_factory=dict)


def text(value) -> str:
    """A text field's cleaned value; "" for anything the model refuses (not text, forbidden characters)."""
    try:
        return fields.checked_text(value) if isinstance(value, str) else ""
    except ValueError:
        return ""


# --- the rules over a comment --------------------------------------------------------------------------------

def target_errors(consultation: Consultation, target: str, path: str) -> list[FieldError]:
    node = consultation.nodes.get(target)
    if target and (node is None or not node.commentable):
        return [FieldError(f"{path}.target", MSG_UNKNOWN_TARGET, {"ref": target[:40]})]
    return []


def wording_errors(kind, proposal: str, reason: str, path: str) -> list[FieldError]:
    """A change to the text needs its wording; any other comment a proposal or a reason."""
    if kind in NEEDS_PROPOSAL and not proposal:
        return [FieldError(f"{path}.proposal", MSG_NEEDS_PROPOSAL)]
    if kind in COMMENT_KINDS and not proposal and not reason:
        return [FieldError(f"{path}.reason", MSG_EMPTY_COMMENT)]
    return []


def points_errors(consultation: Consultation, target: str, points, path: str) -> tuple[int | None, list[FieldError]]:
    """(the points kept, errors): points only for an indicator row, at most its table's total."""
    node = consultation.nodes.get(target)
    if points in ("", None) or not isinstance(points, int) or isinstance(points, bool):
        return None, []
    if node is not None and node.kind != "row":
        return None, [FieldError(f"{path}.proposed_points", MSG_POINTS_NOT_ROW)]
    if node is not None and points > consultation.node(node.parent).points:
        return points, [FieldError(f"{path}.proposed_points", MSG_POINTS_OVER_TOTAL,
                                   {"max": consultation.node(node.parent).points})]
    return points, []


# --- the rules over the submitter --------------------------------------------------------------------------

def organisation_errors(category, organisation: str) -> list[FieldError]:
    if category in CATEGORIES and category != "individual" and not organisation:
        return [FieldError("submitter.organisation", MSG_ORGANISATION)]
    return []


def contact_errors(phone: str, email: str) -> list[FieldError]:
    if not phone and not email:
        return [FieldError("submitter.contact", MSG_CONTACT)]
    return []


def phone_value(phone: str) -> tuple[str, list[FieldError]]:
    """The number in E.164, or the errors; "" stays "" (no number given)."""
    try:
        return (fields.phone(phone) if phone else phone), []
    except ValueError as exc:
        return phone, [FieldError("submitter.phone", str(exc))]


def email_value(email: str) -> tuple[str, list[FieldError]]:
    try:
        return (fields.email(email) if email else email), []
    except ValueError as exc:
        return email, [FieldError("submitter.email", str(exc))]


def consent_errors(consent) -> list[FieldError]:
    """Consent is the boolean true, given: no other value, and not its absence."""
    return [] if consent is True else [FieldError("consent", MSG_CONSENT)]


# --- one field at a time (the bots) --------------------------------------------------------------------------

@functools.cache
def _one_field_model(model, name: str):
    """The payload model's rules for one of its fields only (the same annotation, limits and validators)."""
    info = model.model_fields[name]
    return create_model(f"{model.__name__}_{name}", __config__=model.model_config, **{name: (info.annotation, info)})


def format_errors(model, name: str, value, prefix: str) -> list[FieldError]:
    """What the payload model says of this one value (type, length, characters, pattern)."""
    try:
        _one_field_model(model, name).model_validate({name: value})
    except PydanticError as exc:
        return [FieldError(f"{prefix}.{path}", message, params)
                for path, message, params in field_errors(exc, NOT_AN_OBJECT)]
    return []


def comment_field_errors(consultation: Consultation, comment: dict, name: str) -> list[FieldError]:
    """Errors of the comment's field `name` (proposal, reason or proposed_points), given the comment so far."""
    path = "comments.0"
    errors = format_errors(CommentIn, name, comment.get(name), path)
    if errors:
        return errors
    if name == "proposed_points":
        points = _one_field_model(CommentIn, name).model_validate({name: comment.get(name)}).proposed_points
        return points_errors(consultation, comment.get("target") or "", points, path)[1]
    kind, proposal, reason = comment.get("kind"), text(comment.get("proposal", "")), text(comment.get("reason", ""))
    return [e for e in wording_errors(kind, proposal, reason, path) if e.field == f"{path}.{name}"]


def submitter_field_errors(submitter: dict, names: tuple[str, ...]) -> list[FieldError]:
    """Errors of the submitter's fields `names` (name, organisation, phone, email, contact), given the rest."""
    errors = [e for name in names if name in SubmitterIn.model_fields
              for e in format_errors(SubmitterIn, name, submitter.get(name), "submitter")]
    if errors:
        return errors
    phone, email = text(submitter.get("phone") or ""), text(submitter.get("email") or "")
    rules = {"organisation": lambda: organisation_errors(submitter.get("category"),
                                                         text(submitter.get("organisation") or "")),
             "contact": lambda: contact_errors(phone, email),
             "phone": lambda: phone_value(phone)[1],
             "email": lambda: email_value(email)[1]}
    return [e for name in names if name in rules for e in rules[name]()]
