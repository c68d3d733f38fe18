"""Which text guidance works on, for every channel: the final revision once its comparison table is
published (consultation.revisions.guidance_text), else the draft for comment. The web answer page, the API,
the bots and the self-check all ask here, so they never disagree about the text they cite."""
from __future__ import annotations

from sqlalchemy.orm import Session

from consultation.document import Consultation
from consultation.revisions import guidance_text, text_numbered

from .index import Index, get_index


def current_text(session: Session, draft: Consultation) -> Consultation:
    return guidance_text(session, draft)


def saved_text(session: Session, draft: Consultation, number: int | None) -> Consultation:
    """The text a saved self-check was made on (its `text_revision`): it keeps it after a newer one is out."""
    return text_numbered(session, draft, number)


def current_index(session: Session, draft: Consultation) -> Index:
    """The answer engine's index over the current text (built once per text)."""
    return get_index(current_text(session, draft))
