"""A person on a phone reads the draft, comments and reaches the receipt, in real Chromium."""
import pytest
from sqlalchemy import select

from consultation.models import Submission
from tests.browser.conftest import assert_accessible, follow

pytestmark = pytest.mark.browser


def test_read_comment_check_and_receive_a_receipt(page, live_server, services):
    page.goto(f"{live_server}/")
    follow(page, page.get_by_role("link", name="阅读征求意见稿").first)
    assert page.locator("#art-3").is_visible()
    follow(page, page.locator("#art-3 .comment-link").first)
    assert page.locator("#comments-0-target").input_value() == "art-3"

    # First continue with nothing written: the errors are shown, nothing is stored.
    follow(page, page.get_by_role("button", name="继续", exact=True))
    assert page.locator(".error-summary").is_visible()
    assert page.title().startswith("错误：")

    page.get_by_label("修改", exact=True).first.check()
    page.locator("#comments-0-proposal").fill("建议明确“开发区”含省级以上各类园区。")
    page.locator("#comments-0-reason").fill("便于申报主体判断。")
    follow(page, page.get_by_role("button", name="继续", exact=True))
    page.locator("#submitter-category").select_option("enterprise")
    page.locator("#submitter-name").fill("王五")
    page.locator("#submitter-organisation").fill("芜湖某智能装备有限公司")
    page.locator("#submitter-email").fill("wangwu@example.com")
    page.locator("#consent").check()
    follow(page, page.get_by_role("button", name="继续", exact=True))

    # Check your answers: everything is there, nothing stored yet.
    assert page.get_by_role("heading", name="提交前请核对填写内容").is_visible()
    assert "王五" in page.content() and "便于申报主体判断。" in page.content()
    with services.session() as s:
        assert s.scalars(select(Submission)).first() is None
    follow(page, page.get_by_role("button", name="确认并提交"))

    reference = page.locator(".reference").inner_text()
    assert page.get_by_role("heading", name="接下来").is_visible()
    assert "回执" in page.locator("main").inner_text()
    with services.session() as s:
        stored = s.scalars(select(Submission)).one()
        assert stored.reference == reference and stored.comments[0].target_ref == "art-3"


def test_english_form_shows_the_original_and_printed_points(page, live_server, services):
    page.goto(f"{live_server}/lang/en?next=/feedback?target=annex-1/16")
    assert page.locator("#comments-0-target").input_value() == "annex-1/16"
    assert "Printed points: 4" in page.content()
    assert_accessible(page, "English form", target_size=True)
