"""Editing the text in revisions: an article and an indicator row, checked by the draft's own loader; a
revision whose sums break is kept but refused as final, and accepted once fixed; every edit audited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from consultation.office.models import AuditEntry
from consultation.revisions import editing
from consultation.revisions.comparison import changes_of, text_of
from consultation.revisions.content import check
from consultation.revisions.models import TextRevision
from tests.revisions.conftest import rows_of


def _rev(s, rev_id) -> TextRevision:
    return s.get(TextRevision, rev_id)


def test_editing_an_article_keeps_the_draft_and_audits_the_edit(after, revision):
    draft = after.consultation
    with after.session() as s:
        rev = _rev(s, revision)
        items = [{"from": "art-3.1", "text": draft.node("art-3.1").text},
                 {"from": "art-3.3", "text": "人工智能技术赋能示范区。(修改后)"}]  # (二) removed, (三) renumbered
        problems = editing.save_article(s, draft, rev, 3, title=None, text="示范区创建主体为县(市、区)。",
                                        items=items, actor="editor", now=after.now(), version=rev.version)
        s.commit()
        assert problems == []
        text = text_of(draft, rev)
        assert text.node("art-3").text == "示范区创建主体为县(市、区)。"
        assert text.node("art-3.2").text == "人工智能技术赋能示范区。(修改后)"
        assert "art-3.3" not in text.nodes
        # the draft itself is untouched: comments keep quoting it
        assert draft.node("art-3.2").text.startswith("人工智能产品创新示范区")
        # art-3.3 moved to art-3.2 (its comments follow), art-3.2 was removed
        assert text.successor("art-3.3") == "art-3.2" and text.successor("art-3.2") is None
        kinds = {(c.origin, c.kind) for c in changes_of(draft, rev)}
        assert {("art-3", "modified"), ("art-3.3", "modified"), ("art-3.2", "removed")} <= kinds
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "revision.edit")).one()
        assert entry.target == "revision:1:art-3" and entry.actor == "editor"
        assert entry.before["text"] == draft.node("art-3").text
        assert entry.after["text"] == "示范区创建主体为县(市、区)。"


def test_points_that_break_a_category_sum_are_kept_but_refused_as_final_then_accepted(after, revision):
    draft = after.consultation
    with after.session() as s:
        rev = _rev(s, revision)
        rows = rows_of(rev, 1)
        rows[0]["points"] = 6  # 产业基础 now sums to 22, the table to 102
        problems = editing.save_rows(s, draft, rev, 1, categories=[], rows=rows, actor="editor", now=after.now())
        s.commit()
        assert {p.code for p in problems} == {"rows-total", "category-sum"}
        assert "产业基础" in " ".join(p.text("zh_CN") for p in problems)
        with pytest.raises(editing.FinalRefused) as refused:
            editing.mark_final(s, draft, rev, actor="admin", now=after.now())
        assert {p.code for p in refused.value.problems} == {"rows-total", "category-sum"}
        s.rollback()
        assert _rev(s, revision).status == "open"

        rev = _rev(s, revision)
        rows = rows_of(rev, 1)
        rows[1]["points"] = 2  # the category is back to 20
        assert editing.save_rows(s, draft, rev, 1, categories=[], rows=rows, actor="editor", now=after.now()) == []
        editing.mark_final(s, draft, rev, actor="admin", now=after.now())
        s.commit()
        assert _rev(s, revision).status == "final"
        assert check(_rev(s, revision).content)[2] == []
        text = text_of(draft, _rev(s, revision))
        assert (text.node("annex-1/1").points, text.node("annex-1/2").points) == (6, 2)
        actions = s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["revision.start", "revision.edit", "revision.edit", "revision.final"]
        # final is final
        with pytest.raises(editing.EditRefused):
            editing.save_rows(s, draft, _rev(s, revision), 1, categories=[], rows=rows, actor="editor",
                              now=after.now())
        with pytest.raises(editing.EditRefused):
            editing.start(s, draft, actor="editor", now=after.now())


def test_bad_input_is_refused_and_changes_nothing(after, revision):
    draft = after.consultation
    with after.session() as s:
        rev = _rev(s, revision)
        before = rev.content
        rows = rows_of(rev, 1)
        rows[0]["points"] = "四"
        rows[1]["method"] = "估计"
        rows[2]["number"] = rows[3]["number"]
        rows[4]["indicator"] = "  "
        with pytest.raises(editing.EditRefused) as refused:
            editing.save_rows(s, draft, rev, 1, categories=[], rows=rows, actor="editor", now=after.now())
        fields = {f for f, _m, _p in refused.value.errors}
        assert {"rows-0-points", "rows-1-method", "rows-3-number", "rows-4-indicator"} <= fields
        s.rollback()
        assert _rev(s, revision).content == before and _rev(s, revision).version == 1
        with pytest.raises(editing.EditRefused):  # a stale form (someone saved since) is refused
            editing.save_article(s, draft, _rev(s, revision), 4, title=None, text="新文本。", items=[],
                                 actor="editor", now=after.now(), version=0)


def test_office_pages_edit_an_article_and_a_row_and_refuse_final_until_fixed(after, clients):
    editor, admin = clients["editor"], clients["admin"]
    assert editor.post("/office/revisions/start").status_code == 303
    page = editor.get("/office/revisions/article/4")
    assert page.status_code == 200 and "省工业和信息化厅" in page.get_data(as_text=True)
    r = editor.post("/office/revisions/article/4", data={"version": "1", "title": "", "text": "省工业和信息化厅负责示范区的管理。"})
    assert r.status_code == 303

    form = _annex_form(editor.get("/office/revisions/annex/1").get_data(as_text=True))
    form["rows-0-points"] = "6"
    r = editor.post("/office/revisions/annex/1", data=form)
    assert r.status_code == 303
    page = editor.get("/office/revisions/annex/1").get_data(as_text=True)
    assert "产业基础" in page and "22" in page  # the problem is shown

    assert admin.post("/office/revisions/final", follow_redirects=True).status_code == 200
    with after.session() as s:
        assert s.scalars(select(TextRevision.status)).one() == "open"

    form = _annex_form(editor.get("/office/revisions/annex/1").get_data(as_text=True))
    form["rows-1-points"] = "2"
    assert editor.post("/office/revisions/annex/1", data=form).status_code == 303
    stale = dict(form)
    form = _annex_form(editor.get("/office/revisions/annex/1").get_data(as_text=True))
    form["rows-0-points"] = "abc"  # bad input: refused, the field marked, nothing saved
    r = editor.post("/office/revisions/annex/1", data=form)
    assert r.status_code == 422 and 'aria-invalid="true"' in r.get_data(as_text=True)
    stale["rows-2-points"] = "5"  # a form opened before the last save: refused, nothing saved
    r = editor.post("/office/revisions/annex/1", data=stale)
    assert r.status_code == 422 and "重新加载" in r.get_data(as_text=True)
    assert editor.post("/office/revisions/final").status_code == 403  # admins mark final
    assert admin.post("/office/revisions/final").status_code == 303
    with after.session() as s:
        assert s.scalars(select(TextRevision.status)).one() == "final"


def _annex_form(page: str) -> dict:
    """The annex form's fields as a browser would send them (inputs, textareas, selected options)."""
    import html
    import re

    form = {}
    for name, value in re.findall(r'<input type="(?:hidden|text)"[^>]*? name="([^"]+)" value="([^"]*)"', page):
        form[name] = value
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        form[name] = value
    for name, value in re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', page, re.S):
        form[name] = value
    for name, body in re.findall(r'<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        form[name] = chosen.group(1) if chosen else ""
    form.pop("csrf_token", None)
    return {k: html.unescape(v) for k, v in form.items()}


def test_two_presses_of_publish_racing_write_one_audit_row(after, revision):
    """Both presses read the final revision as unpublished before either commits (the outsider's two
    concurrent POSTs): one publishes and is audited, the other is refused and writes nothing."""
    draft = after.consultation
    with after.session() as s:
        rev = _rev(s, revision)
        editing.mark_final(s, draft, rev, actor="admin", now=after.now())
        s.commit()
    with after.session() as first, after.session() as second:
        seen = editing.final_revision(second, draft.id)  # the second press has read it, unpublished
        assert seen.published_at is None
        editing.publish(first, draft, actor="admin", now=after.now())
        first.commit()
        with pytest.raises(editing.EditRefused) as refused:
            editing.publish(second, draft, actor="admin2", now=after.now())
        assert refused.value.errors[0][1] == "The comparison table is already published."
        second.rollback()
    with after.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "revision.publish")).all()
        assert [e.actor for e in entries] == ["admin"]
        assert _rev(s, revision).published_at is not None


def _annex_rows(s):
    rev = s.scalars(select(TextRevision)).one()
    return rev.version, [(r["number"], r["indicator"]) for r in rev.content["annexes"][0]["rows"]], dict(rev.origins)


@pytest.mark.parametrize("tamper", ["new row without its hidden field", "row without its hidden field",
                                    "row's hidden field emptied", "row left out of the form"])
def test_an_annex_form_missing_a_rows_hidden_field_is_refused_and_changes_nothing(after, clients, tamper):
    """A browser always sends each slot's hidden `rows-N-from` (the row it was opened with) and every row of
    the table, removed ones ticked. A post without it (a client of its own, a proxy, a tampered page) was
    read up to the gap and saved: the new row, or every row from the gap on, silently lost."""
    editor = clients["editor"]
    assert editor.post("/office/revisions/start").status_code == 303
    form = _annex_form(editor.get("/office/revisions/annex/1").get_data(as_text=True))
    existing = sum(1 for k, v in form.items() if k.endswith("-from") and v)
    if tamper == "new row without its hidden field":
        new = f"rows-{existing}"
        form.update({f"{new}-number": "22", f"{new}-category": form["rows-0-category"], f"{new}-group": "新增",
                     f"{new}-indicator": "新增指标", f"{new}-method": form["rows-0-method"], f"{new}-points": "1"})
        del form[f"{new}-from"]
    elif tamper == "row without its hidden field":
        del form["rows-3-from"]
    elif tamper == "row's hidden field emptied":
        form["rows-3-from"] = ""
    else:
        for k in [k for k in form if k.startswith("rows-3-")]:
            del form[k]
    with after.session() as s:
        before = _annex_rows(s)
    r = editor.post("/office/revisions/annex/1", data=form)
    page = r.get_data(as_text=True)
    assert r.status_code == 400, page
    assert "表单不完整" in page and "未保存" in page
    with after.session() as s:
        assert _annex_rows(s) == before
        assert [a for a in s.scalars(select(AuditEntry.action)) if a.startswith("revision.")] == ["revision.start"]
    english = editor.post("/office/revisions/annex/1?lang=en", data=form, headers={"Accept-Language": "en"})
    assert english.status_code == 400 and "Nothing was saved" in english.get_data(as_text=True)


def test_an_article_form_missing_an_items_hidden_field_is_refused(after, clients):
    editor = clients["editor"]
    assert editor.post("/office/revisions/start").status_code == 303
    page = editor.get("/office/revisions/article/3").get_data(as_text=True)
    form = _annex_form(page)
    assert "items-1-from" in form
    del form["items-1-from"]
    r = editor.post("/office/revisions/article/3", data=form)
    assert r.status_code == 400 and "表单不完整" in r.get_data(as_text=True)
    with after.session() as s:
        assert s.scalars(select(TextRevision.version)).one() == 1
