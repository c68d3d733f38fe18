"""A person on a phone reads the draft, comments and reaches the receipt, in real Chromium."""
import pytest
from sqlalchemy import select

from consultation.models import Submission
from tests.browser.conftest import assert_accessible, follow

pytestmark = pytest.mark.browser


def test_read_comment_and_receive_a_receipt(page, live_server, services):
    page.goto(f"{live_server}/")
    assert_accessible(page, "home")
    follow(page, page.get_by_role("link", name="阅读征求意见稿").first)
    assert page.locator("#art-3").is_visible()
    assert_accessible(page, "draft")
    follow(page, page.locator("#art-3 .comment-link").first)
    assert page.locator("#comments-0-target").input_value() == "art-3"
    assert_accessible(page, "form")

    # First send it incomplete: the errors are shown, nothing is stored.
    follow(page, page.get_by_role("button", name="提交意见"))
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "form with errors")
    with services.session() as s:
        assert s.scalars(select(Submission)).first() is None

    page.get_by_label("修改").first.check()
    page.locator("#comments-0-proposal").fill("建议明确“开发区”含省级以上各类园区。")
    page.locator("#comments-0-reason").fill("便于申报主体判断。")
    page.locator("#submitter-category").select_option("enterprise")
    page.locator("#submitter-name").fill("王五")
    page.locator("#submitter-organisation").fill("芜湖某智能装备有限公司")
    page.locator("#submitter-email").fill("wangwu@example.com")
    page.locator("#consent").check()
    follow(page, page.get_by_role("button", name="提交意见"))

    reference = page.locator(".reference").inner_text()
    assert page.locator(".confirmation").is_visible()
    assert_accessible(page, "confirmation")
    with services.session() as s:
        stored = s.scalars(select(Submission)).one()
        assert stored.reference == reference and stored.comments[0].target_ref == "art-3"


def test_english_pages_are_accessible(page, live_server, services):
    page.goto(f"{live_server}/lang/en?next=/feedback?target=annex-1/16")
    assert page.locator("#comments-0-target").input_value() == "annex-1/16"
    assert "Printed points: 4" in page.content()
    assert_accessible(page, "English form")
