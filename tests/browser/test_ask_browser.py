"""A person asks two questions on the Q&A page in real Chromium; the conversation builds up; axe is happy."""
import pytest

from tests.browser.conftest import assert_accessible, follow

pytestmark = pytest.mark.browser


def test_ask_two_questions_and_follow_a_citation(page, live_server, services):
    page.goto(f"{live_server}/ask")
    assert_accessible(page, "ask (empty)")
    page.locator("#question").fill("我们是安徽省的省级高新区，可以申报吗？")  # placed in Anhui: eligible
    follow(page, page.get_by_role("button", name="提问"))
    assert page.locator(".turn").count() == 1
    assert page.locator(".verdict-eligible").is_visible()
    assert_accessible(page, "ask (one answer)")

    page.locator("#question").fill("How many points are smart factories worth?")
    follow(page, page.get_by_role("button", name="提问"))
    assert page.locator(".turn").count() == 2
    assert page.locator('a[href="/draft#annex-1/11"]').count() == 1

    page.locator("#question").fill("")
    follow(page, page.get_by_role("button", name="提问"))
    assert page.locator("#question-error").is_visible()
    assert page.locator(".turn").count() == 2
    assert_accessible(page, "ask (error)")

    follow(page, page.locator('a[href="/draft#art-3"]').first)
    assert page.url.endswith("/draft#art-3")
    assert page.locator("#art-3").is_visible()


def test_english_ask_page_is_accessible(page, live_server, services):
    page.goto(f"{live_server}/lang/en?next=/ask")
    page.locator("#question").fill("What's the weather tomorrow?")
    follow(page, page.get_by_role("button", name="Ask"))
    assert page.locator(".ask-answer.declined").is_visible()
    assert "chenwubiao@ahjxw.gov.cn" in page.locator(".ask-answer").inner_text()
    assert_accessible(page, "English ask page")
