"""A published final revision written straight to the database, for tests outside tests/revisions that only
need guidance to switch texts (the office's editing, audit and sums are tested in tests/revisions)."""
from __future__ import annotations

import datetime as dt

from consultation.revisions.content import draft_content, identity_origins
from consultation.revisions.models import TextRevision

QUESTION = "附件1第1项多少分?"
NEW_WORDING = "规模以上制造业企业数量(家,含在库企业)"


def final_content(draft) -> dict:
    """The draft with annex 1 row 1 reworded and given 6 points (row 2 down to 2, so the sums hold)."""
    content = draft_content(draft)
    rows = content["annexes"][0]["rows"]
    rows[0]["indicator"], rows[0]["points"] = NEW_WORDING, 6
    rows[1]["points"] = 2
    return content


def publish_final(services, content: dict | None = None, origins: dict | None = None, number: int = 1) -> None:
    draft = services.consultation
    now = dt.datetime(2026, 1, 10, 2, 0, tzinfo=dt.timezone.utc)
    with services.session() as s:
        s.add(TextRevision(consultation_id=draft.id, number=number, status="final",
                           content=content if content is not None else final_content(draft),
                           origins=origins if origins is not None else identity_origins(draft), source="test",
                           created_by="test", created_at=now, updated_at=now, finalised_at=now, published_at=now))
        s.commit()
