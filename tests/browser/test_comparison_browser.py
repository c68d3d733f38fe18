"""The public comparison table on a phone, in real Chromium with axe: reached from the summary and from a
receipt whose comment led to a change. The page's markup does not depend on the database: run once."""
from __future__ import annotations

import os

import pytest

from consultation.office import publishing
from consultation.revisions import editing, links
from consultation.revisions.comparison import changes_of
from consultation.submissions import token_for
from tests.browser.conftest import assert_accessible, follow
from tests.office.conftest import office  # noqa: F401
from tests.revisions.conftest import comment_on, rows_of, set_now

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="run once, on SQLite")]


def test_public_comparison_page_from_summary_and_receipt(page, live_server, office):
    draft = office.consultation
    cid = comment_on(office, "annex-1/1", "建议提高企业数量指标分值。", outcome="adopted")
    with office.session() as s:
        from consultation.models import Comment

        reference = s.get(Comment, cid).submission.reference
        rev = editing.start(s, draft, actor="editor", now=office.now())
        rows = rows_of(rev, 1)
        rows[0]["points"], rows[1]["points"] = 6, 2
        rows[1]["indicator"] = "规上制造业企业营业收入(亿元)"
        editing.save_rows(s, draft, rev, 1, categories=[], rows=rows, actor="editor", now=office.now())
        editing.save_article(s, draft, rev, 4, title=None, text="省工业和信息化厅负责示范区的管理。", items=[],
                             actor="editor", now=office.now())
        changes = changes_of(draft, rev)
        links.link(s, draft.id, "annex-1/1", comment_ids=[cid], changes=changes, actor="editor", now=office.now())
        links.set_reason(s, draft.id, "annex-1/1", "采纳意见，提高企业数量指标权重。", changes=changes,
                         actor="editor", now=office.now())
        editing.mark_final(s, draft, rev, actor="admin", now=office.now())
        publishing.publish(s, draft, actor="admin", now=office.now(),
                           confirmed_pending=publishing.preview(s, draft)["pending"])
        s.commit()

    response = page.goto(f"{live_server}/comparison")
    assert response.status == 404 and page.locator("h1").inner_text() == "征求意见后的修改情况"  # not published yet
    with office.session() as s:
        editing.publish(s, draft, actor="admin", now=office.now())
        s.commit()

    page.goto(f"{live_server}/summary")
    follow(page, page.get_by_role("link", name="查看征求意见后文本的修改情况（对照表）"))
    assert page.url.endswith("/comparison")
    change = page.locator("#change-annex-1\\/1")
    assert change.locator("ins").first.inner_text().endswith("6")
    assert change.locator("del").first.inner_text().endswith("4")
    assert "采纳意见，提高企业数量指标权重。" in change.inner_text()
    assert page.locator(".change").count() == 3
    assert_accessible(page, "comparison")

    page.goto(f"{live_server}/receipt/{reference}?token={token_for(reference, office.settings.secret_key)}")
    note = page.locator(".contributed")
    assert "您的意见促成了此项修改" in note.inner_text()
    assert_accessible(page, "receipt")
    follow(page, note.get_by_role("link"))
    assert page.url.endswith("/comparison#change-annex-1/1")

    set_now(office, "2026-01-10T10:00:00+08:00")
    page.goto(f"{live_server}/lang/en?next=/comparison")
    assert page.locator("h1").inner_text() == "How the text changed after the consultation"
    assert_accessible(page, "comparison, English")
