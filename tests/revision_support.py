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


def renumbered_final(draft) -> tuple[dict, dict]:
    """Annex 1 with its numbering closed up: row 17 removed (its points to row 16, so the sums hold), rows
    21-23 renumbered 19-21. So 附件1第21项 names the draft's row 23 in the final text, and the draft's row 21
    is row 19. Returns (content, origins) for publish_final."""
    content = draft_content(draft)
    origins = identity_origins(draft)
    table = content["annexes"][0]
    removed = next(r for r in table["rows"] if r["number"] == 17)
    next(r for r in table["rows"] if r["number"] == 16)["points"] += removed["points"]
    table["rows"] = [r for r in table["rows"] if r["number"] != 17]
    for ref in [r for r in origins if r.startswith("annex-1/")]:
        del origins[ref]
    for r in table["rows"]:
        old = r["number"]
        if old >= 21:
            r["number"] = old - 2
        origins[f"annex-1/{r['number']}"] = f"annex-1/{old}"
    return content, origins
