"""Stable references across revisions: comments stay on the draft node they targeted; a renumbered row maps
to its successor, so an old reference still resolves (with a note that the text changed)."""
from __future__ import annotations

import re

from sqlalchemy import select

from consultation.models import Comment
from consultation.revisions import editing, links
from consultation.revisions.comparison import changes_of, text_of
from consultation.revisions.current import resolve
from consultation.revisions.models import TextRevision
from tests.revisions.conftest import comment_on, rows_of


def _close_the_gap(s, draft, rev, now):
    """Annex 1 jumps from row 18 to 21: renumber 21-23 as 19-21, change the new row 20's wording, drop row 17."""
    rows = [r for r in rows_of(rev, 1) if r["number"] != 17]
    for r in rows:
        if r["number"] >= 21:
            r["number"] -= 2
    moved = next(r for r in rows if r["from"] == "annex-1/22")
    moved["indicator"] += "(含在建)"
    removed_points = next(r["points"] for r in rows_of(rev, 1) if r["number"] == 17)
    same_category = next(r for r in rows if r["category"] == next(
        x["category"] for x in rows_of(rev, 1) if x["number"] == 17))
    same_category["points"] += removed_points  # keep the sums
    return editing.save_rows(s, draft, rev, 1, categories=[], rows=rows, actor="editor", now=now)


def test_a_renumbered_row_keeps_old_references_resolvable(after, revision):
    draft = after.consultation
    on_21 = comment_on(after, "annex-1/21", "建议调整。", outcome="adopted")
    on_22 = comment_on(after, "annex-1/22", "建议补充在建项目。", outcome="adopted")
    with after.session() as s:
        rev = s.get(TextRevision, revision)
        assert _close_the_gap(s, draft, rev, after.now()) == []
        links.link(s, draft.id, "annex-1/22", comment_ids=[on_22], changes=changes_of(draft, rev), actor="e",
                   now=after.now())
        editing.mark_final(s, draft, rev, actor="admin", now=after.now())
        s.commit()
        text = text_of(draft, rev)
        assert [n.row for n in text.annex_rows(1)][-5:] == [16, 18, 19, 20, 21]
        gaps = [f.zh for f in text.findings if f.code == "numbering-gap" and f.ref == "annex-1"]
        assert len(gaps) == 1 and "缺少序号17" in gaps[0]  # the draft's gap (19, 20) is closed; 17 was removed

        # comments stay on the draft node they targeted
        assert s.scalars(select(Comment.target_ref).where(Comment.id.in_([on_21, on_22])).order_by(Comment.id)).all() \
            == ["annex-1/21", "annex-1/22"]
        # ... and resolve to the successor in the final text
        r21, r22, r17, r16 = (resolve(draft, text, ref) for ref in ("annex-1/21", "annex-1/22", "annex-1/17", "annex-1/16"))
        assert (r21.ref, r21.moved, r21.changed) == ("annex-1/19", True, False)
        assert text.node("annex-1/19").text == draft.node("annex-1/21").text
        assert (r22.ref, r22.moved, r22.changed) == ("annex-1/20", True, True)
        assert (r17.ref, r17.changed) == (None, True)
        assert (r16.ref, r16.moved, r16.changed) == ("annex-1/16", False, False)
        # the new number 21 is the old 23, not the old 21
        assert text.successor("annex-1/23") == "annex-1/21"
        kinds = {c.origin: (c.kind, c.ref) for c in changes_of(draft, rev)}
        assert kinds["annex-1/21"] == ("moved", "annex-1/19") and kinds["annex-1/22"] == ("modified", "annex-1/20")
        assert kinds["annex-1/17"][0] == "removed"
        editing.publish(s, draft, actor="admin", now=after.now())
        s.commit()


def test_the_receipt_notes_the_change_and_the_contribution(after, revision, client_factory):
    draft = after.consultation
    cid = comment_on(after, "annex-1/22", "建议补充在建项目。", outcome="adopted")
    with after.session() as s:
        comment = s.get(Comment, cid)
        reference = comment.submission.reference
        rev = s.get(TextRevision, revision)
        _close_the_gap(s, draft, rev, after.now())
        links.link(s, draft.id, "annex-1/22", comment_ids=[cid], changes=changes_of(draft, rev), actor="e",
                   now=after.now())
        editing.mark_final(s, draft, rev, actor="admin", now=after.now())
        s.commit()
    from consultation.submissions import token_for

    client = client_factory()
    url = f"/receipt/{reference}?token={token_for(reference, after.settings.secret_key)}"
    page = client.get(url).get_data(as_text=True)
    assert "您的意见促成了此项修改" not in page  # not before the comparison is published
    with after.session() as s:
        editing.publish(s, draft, actor="admin", now=after.now())
        s.commit()
    page = client.get(url).get_data(as_text=True)
    assert "您的意见促成了此项修改" in page and "/comparison#change-annex-1/22" in page
    assert re.search(r"在修改稿中，此处为附件1第20项，文字已修改。", page)
    public = client.get("/comparison").get_data(as_text=True)
    assert 'id="change-annex-1/22"' in public and "附件1第22项 → 附件1第20项" in public
