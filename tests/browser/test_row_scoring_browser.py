"""The office page where an admin writes the scoring reference of a row the revision added, in real Chromium
with axe: the list, a refused reference (its problems in a table, the form kept), then a kept one."""
from __future__ import annotations

import os

import pytest

from consultation.office.accounts import create_account
from consultation.revisions import editing
from tests.browser.conftest import assert_accessible, follow
from tests.browser.test_office_journey import PASSWORD, desk, log_in  # noqa: F401 - desk is a fixture
from tests.conftest import set_now
from tests.office.conftest import _clear_audit
from tests.revisions.conftest import rows_of

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                                 reason="browser tests run once, on SQLite")]
NEW_ROW = "人工智能产业专项资金规模(亿元)"
GOOD = "indicator_en: AI fund\ninput: amount\ncurve: linear\nreference_value: 5\nrationale: {zh: 以5亿元为满分参考。, en: Full at 5.}\n"


def test_an_admin_writes_the_scoring_reference_of_an_added_row(desk, live_server, services):
    set_now(services, "2026-01-10T10:00:00+08:00")
    with services.session() as s:
        create_account(s, "admin", PASSWORD, "admin", actor="test")
        rev = editing.start(s, services.consultation, actor="test", now=services.now())
        rows = rows_of(rev, 1)
        rows[-1]["points"] -= 2
        rows.append({"from": "", "number": 24, "category": rows[-1]["category"], "group": rows[-1]["group"],
                     "indicator": NEW_ROW, "method": "定量", "points": 2})
        assert editing.save_rows(s, services.consultation, rev, 1, categories=[], rows=rows, actor="test",
                                 now=services.now()) == []
        s.commit()
    try:
        page = desk
        log_in(page, live_server, "admin", services)
        page.goto(f"{live_server}/office/revisions/scoring")
        section = page.locator("section[id='row-annex-1/24']")
        assert NEW_ROW in section.inner_text()
        assert_accessible(page, "scoring references")

        section.get_by_label("评分参考（YAML格式，与评分文件相同，不含ref）").fill("input: level\ncurve: rubric\n")
        section.get_by_label("依据（评分参考的来源）").fill("省工业和信息化厅评估细则")
        follow(page, section.get_by_role("button"))
        assert page.locator(".error-summary").is_visible() and page.locator(".import-problems").is_visible()
        assert page.locator("#reference").input_value() == "input: level\ncurve: rubric\n"  # the form is kept
        assert_accessible(page, "scoring references, refused")

        page.locator("#reference").fill(GOOD)
        follow(page, page.locator("section[id='row-annex-1/24'] button"))
        assert "已保存附件1第24项的评分参考。" in page.locator(".flash").inner_text()
        assert "评分参考由办公室录入，依据：省工业和信息化厅评估细则" in page.locator("section[id='row-annex-1/24']").inner_text()
    finally:
        _clear_audit(services.engine)
