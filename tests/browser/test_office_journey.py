"""The drafting office's day in real Chromium: log in, filter, decide one comment, decide a group with a
member already decided, try to publish with comments pending, publish, change a decision and see the
public summary unchanged until republished; axe on every office page."""
from __future__ import annotations

import io
import os

import openpyxl
import pytest
from sqlalchemy import select

from consultation.models import Comment, Submission
from consultation.office import decisions, duplicates
from consultation.office.accounts import create_account
from consultation.submissions import submit, token_for
from tests.browser.conftest import assert_accessible, follow
from tests.conftest import sample_payload, set_now
from tests.office.conftest import _clear_audit
from tests.staff import totp_code

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                                 reason="browser tests run once, on SQLite")]
PASSWORD = "correct horse battery"
CAMPAIGN = "建议将示范区申报主体扩大到省级以上各类开发区和产业园区，以便覆盖更多制造业集聚区域。"


@pytest.fixture
def office_data(services):
    with services.session() as s:
        for role in ("editor", "admin"):
            create_account(s, role, PASSWORD, role, actor="test")
        s.commit()
    for i, (target, text) in enumerate([("art-3", CAMPAIGN), ("art-3", CAMPAIGN + "谢谢。"),
                                        ("art-3", CAMPAIGN + "请采纳。"), ("art-6", "建议细化分类条件的适用情形。")]):
        payload = sample_payload(comments=[{"target": target, "kind": "amend", "proposal": text,
                                            "reason": "便于基层操作。", "proposed_points": None}])
        payload["submitter"]["organisation"] = f"第{i}开发区管委会"
        with services.session() as s:
            submit(s, services.consultation, payload, channel="web", locale="zh_CN", now=services.now(),
                   secret_key=services.settings.secret_key, office_mailbox=services.office_mailbox)
            s.commit()
    with services.session() as s:
        duplicates.regroup(s, services.consultation.id, actor="test", now=services.now())
        s.commit()
        ids = list(s.scalars(select(Comment.id).order_by(Comment.id)))
    yield ids
    _clear_audit(services.engine)


@pytest.fixture
def desk(browser):
    """A desktop-sized page: the office works at a desk."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def log_in(page, base, name, services):
    """The password, then (admins) the authenticator's code, as the office signs in."""
    page.goto(f"{base}/office/login")
    assert_accessible(page, "login")
    page.locator("#username").fill(name)
    page.locator("#password").fill(PASSWORD)
    follow(page, page.locator("form button[type=submit]").first)
    if page.url.split("?")[0].endswith("/office/login/code"):
        assert_accessible(page, "second factor")
        page.locator("#code").fill(totp_code(services, name))
        follow(page, page.locator("form button[type=submit]").first)
    assert "/office/login" not in page.url, page.url


def log_out(page):
    follow(page, page.locator(".office-nav form button"))


def flash(page) -> str:
    return " ".join(page.locator(".flash").all_inner_texts())


def test_office_journey(desk, live_server, services, office_data):
    page, base = desk, live_server
    first, second, third, other = office_data
    log_in(page, base, "editor", services)
    assert_accessible(page, "dashboard")

    # Filter the comments on 第三条 to the pending ones.
    page.goto(f"{base}/office/node/art-3")
    page.locator("#outcome").select_option("pending")
    follow(page, page.locator("form.filters button"))
    assert page.locator("table.comments tbody tr").count() == 3
    assert_accessible(page, "node view")

    # Decide one comment: submitting without a choice is refused, then a reasoned 不采纳.
    row = page.locator(f"#c{first}")
    follow(page, row.locator("form.decide button"))
    assert "请选择" in flash(page) or "Choose" in flash(page)
    row = page.locator(f"#c{first}")
    row.locator("select[name=outcome]").select_option("not_adopted")
    row.locator("textarea[name=reason]").fill("超出本导则范围。")
    follow(page, row.locator("form.decide button"))
    # An editor's decision is a proposal: still pending (in this filter too) until an admin approves it.
    assert page.locator("table.comments tbody tr").count() == 3
    assert "待批准" in page.locator(f"#c{first}").inner_text()
    page.goto(f"{base}/office/node/art-3")
    assert "超出本导则范围" in page.locator(f"#c{first}").inner_text()

    # The group: the member already decided keeps its decision; the others are adopted.
    follow(page, page.locator(f"#c{second} a[href*='/office/group/']").first)
    assert "超出本导则范围" in page.locator(f"#c{first}").inner_text()
    assert_accessible(page, "group")
    page.locator("#outcome").select_option("adopted")
    follow(page, page.locator("#group-decide button"))
    assert "超出本导则范围" in page.locator(f"#c{first}").inner_text()
    assert "采纳" in page.locator(f"#c{second}").inner_text() and "采纳" in page.locator(f"#c{third}").inner_text()
    log_out(page)

    # After the window: the admin tries to publish with 第六条 still pending.
    set_now(services, "2025-12-18T09:00:00+08:00")
    log_in(page, base, "admin", services)
    # The editor's decisions are proposals until the admin signs them off.
    page.goto(f"{base}/office/")
    assert page.locator("#total-decided").inner_text() == "0"
    page.goto(f"{base}/office/review")
    assert page.locator("#approve-form tbody tr").count() == 3
    assert_accessible(page, "review")
    follow(page, page.locator("#approve-form button.primary"))
    page.goto(f"{base}/office/")
    assert page.locator("#total-decided").inner_text() == "3" and page.locator("#total-pending").inner_text() == "1"
    page.goto(f"{base}/office/admin/publish")
    assert page.locator("#pending-count").inner_text() == "1"
    assert page.locator("#pending-warning").is_visible()
    assert_accessible(page, "publish preview")
    follow(page, page.locator("form button.primary"))
    assert "确认" in flash(page) or "confirm" in flash(page).lower()
    assert page.request.get(f"{base}/summary").status == 404
    page.locator("#confirm").check()
    follow(page, page.locator("form button.primary"))
    assert_accessible(page, "publication")

    page.goto(f"{base}/summary")
    assert "第1次发布" in page.content() and "待处理" in page.content()
    assert_accessible(page, "summary")

    # The submitter of a published decision sees it on the receipt.
    with services.session() as s:
        reference = s.scalar(select(Submission.reference).join(Comment, Comment.submission_id == Submission.id)
                             .where(Comment.id == second))
    receipt = f"{base}/receipt/{reference}?token={token_for(reference, services.settings.secret_key)}"
    page.goto(receipt)
    assert "采纳" in page.content() and "第1次发布" in page.content()

    # Change decisions (this office lets an admin approve their own): a pending one and a published one.
    # The public summary, the receipt and the summary download keep publication 1 until a new one is made.
    page.goto(f"{base}/office/review")
    follow(page, page.locator("form.inline button.secondary"))
    page.goto(f"{base}/office/node/art-6")
    row = page.locator(f"#c{other}")
    row.locator("select[name=outcome]").select_option("partly_adopted")
    row.locator("textarea[name=reason]").fill("适用情形在实施细则中细化。")
    follow(page, row.locator("form.decide button"))
    page.goto(f"{base}/office/node/art-3")
    row = page.locator(f"#c{second}")
    row.locator("select[name=outcome]").select_option("not_adopted")
    row.locator("textarea[name=reason]").fill("已由第五条统筹规定。")
    follow(page, row.locator("form.decide button"))
    assert "已由第五条统筹规定" in page.locator(f"#c{second}").inner_text()
    page.goto(f"{base}/summary")
    assert "实施细则中细化" not in page.content() and "第五条统筹规定" not in page.content()
    assert "第1次发布" in page.content()
    page.goto(receipt)
    assert "第五条统筹规定" not in page.content() and "第1次发布" in page.content()
    sheet = openpyxl.load_workbook(io.BytesIO(page.request.get(f"{base}/summary.xlsx").body())).active
    cells = " ".join(str(c) for row_ in sheet.iter_rows(values_only=True) for c in row_ if c)
    assert "第五条统筹规定" not in cells and "实施细则中细化" not in cells
    page.goto(f"{base}/office/admin/publish")
    assert page.locator("#changed-count").inner_text() == "2"
    page.locator("#confirm").check()
    follow(page, page.locator("form button.primary"))
    assert "实施细则中细化" in page.content() and "第五条统筹规定" in page.content()  # what changed
    page.goto(f"{base}/summary")
    assert "实施细则中细化" in page.content() and "第2次发布" in page.content()
    assert "第五条统筹规定" in page.content()
    page.goto(receipt)
    assert "第五条统筹规定" in page.content()
    sheet = openpyxl.load_workbook(io.BytesIO(page.request.get(f"{base}/summary.xlsx").body())).active
    cells = " ".join(str(c) for row_ in sheet.iter_rows(values_only=True) for c in row_ if c)
    assert "第五条统筹规定" in cells and "实施细则中细化" in cells

    # The confirmation of a decision on a filtered selection (shown, not recorded).
    page.goto(f"{base}/office/search?ref=art-3")
    page.locator("details.bulk summary").click()
    page.locator("#bulk-outcome").select_option("already_provided")
    page.locator("#bulk-reason").fill("第三条已有规定。")
    follow(page, page.locator("form[action$='/bulk/preview'] button"))
    assert page.locator("form[action$='/bulk/decide'] button.primary").is_visible()
    assert_accessible(page, "bulk decision confirmation")
    # Someone else changes a decision the confirmation shows: nothing is recorded, and the page that says so
    # (409, the comments with their current decision) is accessible too.
    with services.session() as s:
        decisions.decide(s, comment_ids=[third], outcome="not_adopted", reason="另一位工作人员改了。",
                         actor="editor", now=services.now())
        s.commit()
    follow(page, page.locator("form[action$='/bulk/decide'] button.primary"))
    assert "另一位工作人员改了" in page.locator(f"#r{third}").inner_text()
    assert_accessible(page, "decision refused (stale page)")

    # Every other office page passes axe too.
    with services.session() as s:
        submission_id = s.scalar(select(Comment.submission_id).where(Comment.id == other))
    for path in ("/office/", "/office/search?outcome=pending", "/office/findings", f"/office/comment/{other}/notes",
                 "/office/exports", "/office/report", "/office/admin/accounts", "/office/admin/window",
                 "/office/admin/audit", "/office/admin/mail", "/office/publications/1", "/office/publications/2",
                 f"/office/submission/{submission_id}", "/office/account/password", "/office/inbound/",
                 "/office/inbound/new", "/office/revisions/", "/office/revisions/review"):
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        assert_accessible(page, path)
