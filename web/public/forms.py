"""Turning the feedback form's fields into the API payload, and errors back onto fields.

The form only collects; `consultation.submissions.validate` decides. Field
names mirror the payload paths (comments.0.proposal ↔ comments-0-proposal) so
every error lands next to the field it concerns.
"""
from __future__ import annotations

import re

from consultation.submissions import MAX_COMMENTS

_COMMENT_FIELD = re.compile(r"^comments-(\d{1,3})-(target|kind|proposal|reason|proposed_points)$")
SUBMITTER_FIELDS = ("category", "name", "organisation", "phone", "email")


def comment_indices(form) -> list[int]:
    found = sorted({int(m.group(1)) for key in form.keys() if (m := _COMMENT_FIELD.match(key))})
    return found[:MAX_COMMENTS + 1] or [0]  # one more than allowed, so that validation refuses it


def payload_from_form(form) -> dict:
    comments = []
    for i in comment_indices(form):
        comments.append({
            "target": form.get(f"comments-{i}-target", ""),
            "kind": form.get(f"comments-{i}-kind", ""),
            "proposal": form.get(f"comments-{i}-proposal", ""),
            "reason": form.get(f"comments-{i}-reason", ""),
            "proposed_points": form.get(f"comments-{i}-proposed_points", "") or None,
        })
    return {
        "comments": comments,
        "submitter": {key: form.get(f"submitter-{key}", "") for key in SUBMITTER_FIELDS},
        "consent": form.get("consent") == "yes",
    }


def field_id(path: str) -> str:
    return path.replace(".", "-") or "form"


def blank_comment(target: str = "") -> dict:
    return {"target": target, "kind": "", "proposal": "", "reason": "", "proposed_points": None}


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
