"""The comparison table as DOCX, read back with python-docx: landscape A4, one row per change with the old
wording, the new wording, the reason and the number of comments."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm

from consultation.revisions import editing, links
from consultation.revisions.changes import node_text
from consultation.revisions.comparison import changes_of, text_of
from consultation.revisions.models import TextRevision
from tests.revisions.conftest import comment_on, rows_of


def test_comparison_docx_has_old_new_reason_and_count_per_row(after, revision, clients):
    draft = after.consultation
    cid = comment_on(after, "annex-1/1", "建议提高分值。", outcome="adopted")
    with after.session() as s:
        rev = s.get(TextRevision, revision)
        rows = rows_of(rev, 1)
        rows[0]["points"], rows[1]["points"] = 6, 2
        rows[1]["indicator"] = "规上制造业企业营业收入(亿元)"
        editing.save_rows(s, draft, rev, 1, categories=[], rows=rows, actor="editor", now=after.now())
        editing.save_article(s, draft, rev, 4, title=None, text="省工业和信息化厅负责示范区的管理。", items=[],
                             actor="editor", now=after.now())
        changes = changes_of(draft, rev)
        links.link(s, draft.id, "annex-1/1", comment_ids=[cid], changes=changes, actor="editor", now=after.now())
        links.set_reason(s, draft.id, "annex-1/1", "提高企业数量指标权重。", changes=changes, actor="editor",
                         now=after.now())
        s.commit()
        text = text_of(draft, rev)
        expected = {
            "annex-1/1": (node_text(draft.node("annex-1/1"), draft), node_text(text.node("annex-1/1"), text),
                          "提高企业数量指标权重。", "1"),
            "annex-1/2": (node_text(draft.node("annex-1/2"), draft), node_text(text.node("annex-1/2"), text), "", "0"),
            "art-4": (draft.node("art-4").label + " " + draft.node("art-4").text,
                      "第四条 省工业和信息化厅负责示范区的管理。", "", "0"),
        }

    response = clients["viewer"].get("/office/revisions/comparison.docx")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(response.data))
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Cm(29.7)) < Cm(0.1) and abs(section.page_height - Cm(21.0)) < Cm(0.1)
    assert doc.paragraphs[0].text == "征求意见稿与修改稿对照表"
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "条款", "征求意见稿", "修改稿", "修改理由", "相关意见数"]
    got = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(got) == 3
    by_label = {row[1]: row for row in got}
    assert by_label["第四条（修改）"][2:] == list(expected["art-4"])
    assert by_label["附件1第1项（修改）"][2:] == list(expected["annex-1/1"])
    assert by_label["附件1第2项（修改）"][2:] == list(expected["annex-1/2"])
    # the marks: the new points inserted (bold, underlined), the old struck through
    row = table.rows[1 + [r[1] for r in got].index("附件1第1项（修改）")]
    struck = "".join(r.text for r in row.cells[2].paragraphs[0].runs if r.font.strike)
    inserted = "".join(r.text for r in row.cells[3].paragraphs[0].runs if r.bold and r.underline)
    assert struck == "4" and inserted == "6"


def test_head_of_the_comparison_builds_nothing(after, revision, clients, monkeypatch):
    """A HEAD (a link checker, a prefetch) is answered with the GET's headers, the DOCX not built (attack round
    13, F6; web/safemethods.py)."""
    from web.revisions import views

    get = clients["viewer"].get("/office/revisions/comparison.docx")

    def refuse(*args, **kwargs):
        raise AssertionError("built for a HEAD")

    monkeypatch.setattr(views, "write_comparison_docx", refuse)
    head = clients["viewer"].head("/office/revisions/comparison.docx")
    assert head.status_code == get.status_code == 200 and head.get_data() == b""
    assert "Content-Length" not in head.headers
    for name in ("Content-Type", "Content-Disposition"):
        assert head.headers[name] == get.headers[name]
