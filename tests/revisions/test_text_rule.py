"""The revised text and a change's reason follow the rule for typed text (attack round 12, F1): controls,
bidi characters and noncharacters are refused on their field, and the comparison DOCX is written even from a
revision stored before that rule."""
from __future__ import annotations

import io
import json

import docx
import pytest
from sqlalchemy import update

from consultation.intake import fields
from consultation.revisions import editing, links
from consultation.revisions.comparison import changes_of, table
from consultation.revisions.docx_export import write_comparison_docx
from consultation.revisions.models import ChangeReason, TextRevision


@pytest.mark.parametrize("value", ["\uffff", "改后\ufffe", "改后\u202e", "改后\u0007"])
def test_the_editor_refuses_them_on_the_field(after, revision, value):
    draft = after.consultation
    with after.session() as s:
        rev = s.get(TextRevision, revision)
        with pytest.raises(editing.EditRefused) as refused:
            editing.save_article(s, draft, rev, 3, title=value, text=value, items=[], actor="editor",
                                 now=after.now(), version=rev.version)
        assert {(f, m) for f, m, _ in refused.value.errors} == {("text", fields.MSG_CONTROL),
                                                                 ("title", fields.MSG_CONTROL)}
        rev = s.get(TextRevision, revision)
        editing.save_article(s, draft, rev, 4, title=None, text="改后的第四条。", items=[], actor="editor",
                             now=after.now(), version=rev.version)
        with pytest.raises(editing.EditRefused):
            links.set_reason(s, draft.id, "art-4", f"理由{value}", changes=changes_of(draft, rev), actor="editor",
                             now=after.now())


def test_the_comparison_docx_is_written_from_stored_unsafe_text(after, revision):
    draft = after.consultation
    with after.session() as s:
        rev = s.get(TextRevision, revision)
        editing.save_article(s, draft, rev, 4, title=None, text="改后的第四条。", items=[], actor="editor",
                             now=after.now(), version=rev.version)
        links.set_reason(s, draft.id, "art-4", "根据意见简化。", changes=changes_of(draft, rev), actor="editor",
                         now=after.now())
        s.commit()
        # Stored before the rule: written straight into the rows.
        stored = json.dumps(rev.content, ensure_ascii=False)
        assert "改后的第四条。" in stored
        content = json.loads(stored.replace("改后的第四条。", "改后\ufffe的第四条。"))
        s.execute(update(TextRevision).where(TextRevision.id == revision).values(content=content))
        s.execute(update(ChangeReason).values(reason="根据\uffff意见简化。"))
        s.commit()
        s.expire_all()
        rev = s.get(TextRevision, revision)
        buffer = io.BytesIO()
        write_comparison_docx(table(s, draft, rev), draft, rev.number, rev.status, buffer)
    document = docx.Document(io.BytesIO(buffer.getvalue()))
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "根据意见简化。" in cells and "\uffff" not in cells
