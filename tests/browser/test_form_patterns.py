"""GOV.UK form patterns in real Chromium: the error summary by keyboard, the basket across the draft
and the form, check your answers with change links, and changing or withdrawing after sending."""
import pytest
from sqlalchemy import select

from consultation.models import FeedbackDraft, Submission
from tests.browser import measure
from tests.browser.conftest import follow

pytestmark = pytest.mark.browser


def active(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.className")


def test_keyboard_through_the_error_summary(page, live_server, services):
    page.goto(f"{live_server}/feedback?target=art-3")
    follow(page, page.get_by_role("button", name="继续", exact=True))
    assert page.title().startswith("错误：")
    assert active(page) == "error-summary"  # the summary has the focus, read first
    # Tab to the first error link and follow it with Enter: the first radio of "kind" gets the focus,
    # with its question (the legend) still on screen.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#comments-0-kind"
    page.keyboard.press("Enter")
    assert active(page) == "comments-0-kind"
    assert page.evaluate("() => document.activeElement.type") == "radio"
    assert measure.in_viewport(page, "#comments-0-kind-fieldset legend")

    page.locator("#comments-0-kind-4").check()  # 增加 / Add: needs a proposal
    page.locator("#comments-0-reason").fill("理由")
    follow(page, page.get_by_role("button", name="继续", exact=True))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert active(page) == "comments-0-proposal"
    assert measure.in_viewport(page, "label[for='comments-0-proposal']")

    page.locator("#comments-0-proposal").fill("建议增加一项")
    follow(page, page.get_by_role("button", name="继续", exact=True))
    page.locator("#submitter-category").select_option("individual")
    page.locator("#submitter-name").fill("赵六")
    follow(page, page.get_by_role("button", name="继续", exact=True))
    assert active(page) == "error-summary"
    links = page.locator(".error-summary a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["#submitter-phone", "#consent"]  # the contact error leads to a field, not a div
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert active(page) == "submitter-phone"
    assert measure.in_viewport(page, "label[for='submitter-phone']")


def test_basket_survives_moving_between_the_draft_and_the_form(page, live_server, services):
    page.goto(f"{live_server}/draft")
    follow(page, page.locator("#art-3 .comment-link").first)
    page.locator("#comments-0-kind-2").check()
    page.locator("#comments-0-proposal").fill("写到一半的修改意见")
    follow(page, page.get_by_role("button", name="保存并到征求意见稿中选择其他条款"))
    assert "/draft" in page.url
    assert page.get_by_role("heading", name="您正在填写的意见").is_visible()
    follow(page, page.locator("tr[id='annex-1/16'] .comment-link"))
    # Both comments, the first as it was left, the second showing its original text and printed points.
    assert page.locator("#comments-0-proposal").input_value() == "写到一半的修改意见"
    assert page.locator("#comments-1-target").input_value() == "annex-1/16"
    second = page.locator("#comments-1").inner_text()
    assert "区域智能算力供给能力(PFLOPS )" in second and "原定分值：4" in second
    # "Add another" keeps every comment in progress.
    page.locator("#comments-1-reason").fill("口径需要说明")
    follow(page, page.get_by_role("button", name="再添加一条意见"))
    assert page.locator("#comments-2-target").is_visible()
    assert page.locator("#comments-1-reason").input_value() == "口径需要说明"
    assert page.locator("#comments-0-proposal").input_value() == "写到一半的修改意见"
    with services.session() as s:
        assert len(s.scalars(select(FeedbackDraft)).one().comments) == 3


def test_check_answers_change_link_then_send(page, live_server, services):
    page.goto(f"{live_server}/feedback?target=art-5")
    page.locator("#comments-0-kind").check()  # 支持 / Support
    page.locator("#comments-0-reason").fill("条件清楚")
    follow(page, page.get_by_role("button", name="继续", exact=True))
    page.locator("#submitter-category").select_option("individual")
    page.locator("#submitter-name").fill("钱七")
    page.locator("#submitter-phone").fill("13900139000")
    page.locator("#consent").check()
    follow(page, page.get_by_role("button", name="继续", exact=True))
    assert page.title().startswith("核对填写内容")
    with services.session() as s:
        assert s.scalars(select(Submission)).first() is None
    follow(page, page.get_by_role("link", name="更改 姓名"))
    assert page.url.endswith("/feedback/about-you#submitter-name")
    assert page.locator("#submitter-name").input_value() == "钱七"
    page.locator("#submitter-name").fill("钱八")
    follow(page, page.get_by_role("button", name="继续", exact=True))
    assert "钱八" in page.locator("main").inner_text()
    follow(page, page.locator("a[href='/feedback?from=check#comments-0-reason']"))
    assert page.locator("#comments-0-reason").input_value() == "条件清楚"
    follow(page, page.get_by_role("button", name="继续", exact=True))  # straight back to the check page
    assert page.url.endswith("/feedback/check")
    follow(page, page.get_by_role("button", name="确认并提交"))
    assert page.locator(".reference").is_visible()
    with services.session() as s:
        assert s.scalars(select(Submission.name)).one() == "钱八"


def test_change_then_withdraw_through_the_private_link(page, live_server, services):
    page.goto(f"{live_server}/feedback?target=art-5")
    page.locator("#comments-0-kind").check()
    page.locator("#comments-0-reason").fill("初稿")
    follow(page, page.get_by_role("button", name="继续", exact=True))
    page.locator("#submitter-category").select_option("individual")
    page.locator("#submitter-name").fill("孙九")
    page.locator("#submitter-phone").fill("13900139000")
    page.locator("#consent").check()
    follow(page, page.get_by_role("button", name="继续", exact=True))
    follow(page, page.get_by_role("button", name="确认并提交"))
    reference = page.locator(".reference").inner_text()
    follow(page, page.get_by_role("link", name="修改意见"))
    # A full edit: change the text, add a comment on an annex row, then check before anything is saved.
    page.locator("#comments-0-reason").fill("改过的理由")
    follow(page, page.get_by_role("button", name="再添加一条意见"))
    assert page.evaluate("document.activeElement.id") == "comments-1-target" or page.url.endswith("#comments-1-target")
    page.locator("#comments-1-target").select_option("annex-1/16")
    page.locator("#comments-1-kind").check()
    page.locator("#comments-1-reason").fill("新增的指标意见")
    follow(page, page.get_by_role("button", name="继续", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == "保存前请检查修改内容"
    assert "新增的指标意见" in page.locator("main").inner_text()
    with services.session() as s:  # nothing stored on the check page
        assert s.scalars(select(Submission)).one().amended_at is None
    # "Change" goes back to the field with every answer kept, then on to the check again.
    follow(page, page.get_by_role("button", name="更改 第2条意见 理由"))
    assert page.url.endswith("#comments-1-reason") and page.locator("#comments-1-reason").input_value() == "新增的指标意见"
    follow(page, page.get_by_role("button", name="继续", exact=True))
    follow(page, page.get_by_role("button", name="确认并保存修改"))
    follow(page, page.get_by_role("link", name="撤回意见"))
    follow(page, page.get_by_role("button", name="确定撤回"))
    assert "已撤回" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="修改意见").count() == 0
    with services.session() as s:
        sub = s.scalars(select(Submission)).one()
        assert sub.reference == reference and sub.amended_at and sub.withdrawn_at and sub.name is None
        assert [c.reason for c in sub.comments] == ["改过的理由", "新增的指标意见"]


def test_character_count_and_ask_page_keeps_the_answer_in_view(page, live_server, services):
    page.goto(f"{live_server}/feedback?target=art-5")
    page.locator("#comments-0-reason").fill("一二三")
    page.wait_for_function("() => document.getElementById('comments-0-reason-count').textContent.includes('4997')")
    page.goto(f"{live_server}/ask")
    for question in ("县级市能申报吗？", "申报需要哪些材料？"):
        page.locator("#question").fill(question)
        follow(page, page.get_by_role("button", name="提问", exact=True))
    assert measure.in_viewport(page, "#latest")
    assert question in page.locator("#latest").inner_text()


def test_keyboard_through_the_error_summary_when_changing(page, live_server, services):
    """The change page of the private link is the form's full edit: the same error summary, focus and
    title, and an added comment left empty is reported on its own fields."""
    from consultation.submissions import submit
    from tests.conftest import sample_payload

    receipt = submit(services.engine, services.consultation, sample_payload(), channel="web", locale="zh_CN",
                     now=services.now(), secret_key=services.settings.secret_key)
    page.goto(f"{live_server}/receipt/{receipt.reference}/change?token={receipt.token}")
    follow(page, page.get_by_role("button", name="再添加一条意见"))
    assert active(page) == "comments-1-target"  # the new comment's first question
    follow(page, page.get_by_role("button", name="继续", exact=True))
    assert page.title().startswith("错误：") and active(page) == "error-summary"
    links = page.locator(".error-summary a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())][:2] == [
        "#comments-1-target", "#comments-1-kind"]
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert active(page) == "comments-1-target"
    assert measure.in_viewport(page, "label[for='comments-1-target']")
    with services.session() as s:  # nothing was stored
        assert len(s.scalars(select(Submission)).one().comments) == 1
