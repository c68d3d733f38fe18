"""The public side of the revised text: the comparison page (/comparison) once the final text is published,
and what a receipt page says of the changes its comments contributed to (template globals app-wide)."""
from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from consultation.i18n import N_
from consultation.models import Comment
from consultation.references import label as node_label
from consultation.revisions import links
from consultation.revisions.comparison import table, text_of
from consultation.revisions.current import guidance_text, published_final, resolve, text_name
from consultation.revisions.docx_export import KIND_LABELS

from ..context import db, services
from ..i18n import current_locale

public_bp = Blueprint("revisions_public", __name__)

DIFF_LEGEND = N_("Deleted words are struck through; added words are underlined.")


@public_bp.get("/comparison")
def comparison_page():
    draft = services().consultation
    rev = published_final(db(), draft.id)
    if rev is None:
        return render_template("revisions/comparison_pending.html"), 404
    return render_template("revisions/comparison_public.html", rev=rev, rows=table(db(), draft, rev),
                           text_label=text_name(text_of(draft, rev) or draft, current_locale()),
                           legend=_(DIFF_LEGEND), kind_labels=KIND_LABELS)


@public_bp.app_context_processor
def _receipt_globals():
    return {"text_changes_for": _text_changes_for, "comparison_published": _comparison_published,
            "text_name": lambda text: text_name(text, current_locale()), "in_revised_text": _in_revised_text}


def _in_revised_text(draft_ref: str) -> dict | None:
    """Where a draft reference (a comment's target) lands in the published final text, when it changed:
    {"label": its label there, or None if removed}; None when nothing changed or nothing is published."""
    if not _comparison_published():
        return None
    draft = services().consultation
    text = guidance_text(db(), draft)
    if text is draft or draft_ref not in draft.nodes:
        return None
    found = resolve(draft, text, draft_ref)
    if not (found.changed or found.moved):
        return None
    return {"label": node_label(text.node(found.ref), current_locale()) if found.ref else None,
            "moved": found.moved, "changed": found.changed}


def _comparison_published() -> bool:
    if "revisions_published" not in g:
        g.revisions_published = published_final(db(), services().consultation.id) is not None
    return g.revisions_published


def _text_changes_for(comment) -> list[str]:
    """Anchors on the public comparison page of the changes a receipt's comment contributed to (published only)."""
    if not _comparison_published():
        return []
    cache = g.setdefault("revisions_contributed", {})
    if comment.submission_id not in cache:
        ids = db().scalars(select(Comment.id).where(Comment.submission_id == comment.submission_id)).all()
        cache[comment.submission_id] = links.contributed(db(), comment.consultation_id, ids)
    return cache[comment.submission_id].get(comment.id, [])
