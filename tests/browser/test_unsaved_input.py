"""Text typed in the comments form and then left through a link (the main navigation, the draft) is
kept with the comments in progress, server-side like every step of the form, without a question in
the way (GOV.UK pages ask nothing on leaving; the answers are kept). Without JavaScript the links
and the form's own buttons work as before."""
import time

import pytest
from sqlalchemy import select

from consultation.models import FeedbackDraft
from tests.browser.conftest import follow

pytestmark = pytest.mark.browser


def _draft_link(page):
    return page.locator("header").get_by_role("link", name="阅读征求意见稿", exact=True).last


def _kept(services, text: str, tries: int = 100) -> bool:
    """Whether a stored draft holds `text`: the page sends it as it goes, so the store is read a few
    times rather than once (the next page may load before that request is done)."""
    for _ in range(tries):
        with services.session() as s:
            if any(text in (c.get("reason", "") + c.get("proposal", "")) for d in s.scalars(select(FeedbackDraft))
                   for c in d.comments):
                return True
        time.sleep(0.1)
    return False


def test_text_typed_before_following_the_main_navigation_is_kept(page, live_server, services):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    page.goto(f"{live_server}/feedback?target=art-3")
    page.locator("#comments-0-reason").click()
    page.keyboard.type("写到一半的理由")
    follow(page, _draft_link(page))
    assert page.url.endswith("/draft") and dialogs == []  # left at once, nothing asked
    assert _kept(services, "写到一半的理由")
    page.goto(f"{live_server}/feedback")
    assert page.locator("#comments-0-reason").input_value() == "写到一半的理由"
    assert page.locator("#comments-0-target").input_value() == "art-3"
    # A second clause from the draft joins the kept comment, which is still there.
    page.goto(f"{live_server}/feedback?target=art-5")
    assert page.locator("#comments-0-reason").input_value() == "写到一半的理由"
    assert page.locator("#comments-1-target").input_value() == "art-5"


def test_without_javascript_the_links_and_buttons_work_as_before(browser, live_server, services):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/feedback?target=art-3")
        page.locator("#comments-0-proposal").fill("保存后去选条款")
        follow(page, page.get_by_role("button", name="保存并到征求意见稿中选择其他条款"))
        assert "/draft" in page.url
        follow(page, _draft_link(page))
        page.goto(f"{live_server}/feedback")
        assert page.locator("#comments-0-proposal").input_value() == "保存后去选条款"
    finally:
        context.close()
