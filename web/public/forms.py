"""Turning the feedback form's fields into the API payload, and errors back onto fields.

The form only collects; `consultation.submissions.validate` decides. Field
names mirror the payload paths (comments.0.proposal ↔ comments-0-proposal) so
every error lands next to the field it concerns.
"""
from __future__ import annotations

import re

from consultation.i18n import N_
from consultation.intake import fields
from consultation.submissions import MAX_COMMENTS

from ..params import BadParameter

# A comment's field as the form names it: its index written as the page writes it (0 to 999, no leading
# zero), one of its fields. Anything else under "comments-" is refused (`comment_indices`).
_COMMENT_FIELD = re.compile(r"^comments-(0|[1-9][0-9]{0,2})-(id|target|kind|proposal|reason|proposed_points)$")
MSG_UNKNOWN_FIELD = N_("The form sent a comment field this form does not have (%(name)s), so nothing was recorded. "
                       "Open the page again and send the form from there.")
SUBMITTER_FIELDS = ("category", "name", "organisation", "phone", "email")
COMMENT_FIELDS = ("target", "kind", "proposal", "reason", "proposed_points")


def comment_indices(form) -> list[int]:
    """The comments' indices, in order. A field under "comments-" that the page never writes (an index of
    1000 or more, -1, 1.0, 01, a fullwidth digit, an unknown field) is a 400: reading only the fields that
    match dropped such comments without a word, so 100 comments could pass as 50 and get a receipt
    (attack round 11)."""
    found = set()
    for key in form.keys():
        if key.startswith("comments-"):
            m = _COMMENT_FIELD.match(key)
            if m is None:
                raise BadParameter(key[:40], MSG_UNKNOWN_FIELD)
            found.add(int(m.group(1)))
    return sorted(found)[:MAX_COMMENTS + 1] or [0]  # one more than allowed, so that validation refuses it


def comments_from_form(form, with_ids: bool = False) -> list[dict]:
    """The comments in the form's order; `with_ids`: also each one's stored id (the change page). Points are
    read by the rule for numbers typed by people (full-width digits as ASCII, fields.as_typed_number)."""
    keys = COMMENT_FIELDS + (("id",) if with_ids else ())
    comments = [{key: form.get(f"comments-{i}-{key}", "") for key in keys} for i in comment_indices(form)]
    for comment in comments:
        comment["proposed_points"] = fields.as_typed_number(comment["proposed_points"])
    return comments


def without_id(comment: dict) -> dict:
    return {key: value for key, value in comment.items() if key != "id"}


def submitter_from_form(form) -> dict:
    return {"submitter": {key: form.get(f"submitter-{key}", "").strip() for key in SUBMITTER_FIELDS},
            "consent": form.get("consent") == "yes"}


# Errors about a group point at the control that fixes them: "contact" at the phone field (the error
# is shown there), a comment list at the first comment's part-of-the-draft choice.
_CONTROL_FOR = {"submitter-contact": "submitter-phone", "comments": "comments-0-target", "submitter": "submitter-category"}


def field_id(path: str) -> str:
    """The id of the control an error is about (comments.0.kind -> comments-0-kind, its first radio)."""
    ident = path.replace(".", "-") or "form"
    return _CONTROL_FOR.get(ident, ident)


class ErrorMap(dict):
    """{control id: translated message}, plus `numbers`: {control id: the comment's number (1-based)} for
    errors about one comment, so the error summary can say which comment (the same message may repeat)."""

    def __init__(self):
        super().__init__()
        self.numbers: dict[str, int] = {}


def error_map(errors, gettext) -> ErrorMap:
    """{control id: translated message}, the first message per control, in the form's order."""
    found = ErrorMap()
    for e in errors:
        ident = field_id(e.field)
        if ident in found:
            continue
        found[ident] = gettext(e.message) % e.params if e.params else gettext(e.message)
        parts = e.field.split(".")
        if len(parts) > 2 and parts[0] == "comments" and parts[1].isdigit():
            found.numbers[ident] = int(parts[1]) + 1
    return found


def target_options(consultation, locale: str) -> list:
    """<select> options grouped as the draft is: chapters, annex tables, then the rest."""
    from consultation.references import label

    def text(node, width=28):
        snippet = (node.title or node.text or "").replace("\n", " ")
        snippet = snippet[:width] + ("…" if len(snippet) > width else "")
        return f"{label(node, locale)} {snippet}".strip()

    groups = [("", [(ref, text(consultation.node(ref))) for ref in ("general", "notice")])]
    for node in consultation.nodes.values():
        if node.kind == "chapter":
            entries = []
            for art in node.children:
                entries.append((art, text(consultation.node(art))))
                for item in consultation.node(art).children:
                    entries.append((item, text(consultation.node(item))))
                    for sub in consultation.node(item).children:
                        entries.append((sub, text(consultation.node(sub))))
            groups.append((f"{node.label} {node.title}", entries))
        elif node.kind == "annex":
            entries = [(node.ref, text(node))]
            entries += [(row, text(consultation.node(row), 22) + f" ({consultation.node(row).points})")
                        for row in node.children]
            groups.append((f"{node.label} {node.title}", entries))
    groups.append(("", [("explanation", text(consultation.node("explanation")))]))
    flat = []
    for group, entries in groups:
        if group:
            flat.append((group, entries))
        else:
            flat.extend(entries)
    return flat
