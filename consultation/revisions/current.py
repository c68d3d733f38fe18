"""Which text each reader gets: the office works on the latest revision; the public comparison page and
guidance use the final revision once its comparison table is published, the draft before that.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation.document import Consultation
from consultation.i18n import N_, gettext

from .comparison import text_of
from .models import RowScoring, TextRevision

DRAFT_NAME = N_("the draft for comment (征求意见稿)")
FINAL_NAME = N_("the revised text, revision %(number)d (final)")


def published_final(session: Session, consultation_id: str) -> TextRevision | None:
    return session.scalars(select(TextRevision).where(TextRevision.consultation_id == consultation_id,
                                                      TextRevision.status == "final",
                                                      TextRevision.published_at.is_not(None))).first()


def row_scoring(session: Session, consultation_id: str) -> dict[str, dict]:
    """The office's scoring references for rows a revision added, by origin (see models.RowScoring)."""
    return {r.origin: {"reference": r.reference, "source": r.source}
            for r in session.scalars(select(RowScoring).where(RowScoring.consultation_id == consultation_id))}


def guidance_text(session: Session, draft: Consultation) -> Consultation:
    """Which revision of the text guidance uses: the final revision once its comparison table is published
    (a RevisedConsultation, `revision` set, old references mapped by `successor`, the office's scoring
    references for added rows attached), else the draft."""
    rev = published_final(session, draft.id)
    if rev is None:
        return draft
    return text_of(draft, rev, row_scoring(session, draft.id)) or draft


def text_numbered(session: Session, draft: Consultation, number: int | None) -> Consultation:
    """The text a saved piece of guidance was made on (None: the draft), so it reads the same later. A
    revision that cannot be found or read gives the draft (never the case for a final, published one)."""
    if number is None:
        return draft
    rev = session.scalars(select(TextRevision).where(TextRevision.consultation_id == draft.id,
                                                     TextRevision.number == number)).first()
    return (text_of(draft, rev, row_scoring(session, draft.id)) if rev is not None else None) or draft


def text_name(consultation: Consultation, locale: str) -> str:
    """How a reader is told which text an answer or a self-check rests on."""
    if consultation.revision is None:
        return gettext(locale, DRAFT_NAME)
    return gettext(locale, FINAL_NAME, number=consultation.revision)


@dataclass(frozen=True)
class Resolved:
    draft_ref: str
    ref: str | None  # where it lands in the text, None if the revision removed it
    moved: bool  # renumbered or moved: the reference differs
    changed: bool  # the wording differs (or the node was removed)


def resolve(draft: Consultation, text: Consultation, draft_ref: str) -> Resolved:
    """An old reference (a comment's target, a citation made before the revision) in `text`."""
    from .content import same_node

    ref = text.successor(draft_ref)
    if ref is None:
        return Resolved(draft_ref, None, False, True)
    if text is draft:
        return Resolved(draft_ref, ref, False, False)
    return Resolved(draft_ref, ref, ref != draft_ref, not same_node(draft.node(draft_ref), text.node(ref)))
