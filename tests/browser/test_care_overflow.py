"""长辈版 at 320 and 390 px with a 24 px default font: long option labels and error messages wrap.

The outside page test found two pages wider than the phone in 长辈版 (text 1.375 times larger): the
English self-check, whose option labels hold words longer than the space beside the checkbox, and
the "about you" error summary, whose link holds example phone numbers with no break opportunity.
"""
from __future__ import annotations

import pytest

from tests.browser import measure
from tests.browser.conftest import assert_accessible, follow
from tests.browser.test_selfcheck_browser import _answer_page
from tests.selfcheck_support import full_answers

pytestmark = pytest.mark.browser


def _care_page(browser, base, width, lang):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=lang)
    context.add_cookies([{"name": "care", "value": "1", "url": base}])
    page = context.new_page()
    measure.set_default_font_size(context, page, 24)
    return context, page


def _fits(page, label):
    size = measure.page_width(page)
    assert size["scroll"] <= size["viewport"], f"{label}: {size} {measure.overflowing(page)}"


@pytest.mark.parametrize("width", (320, 390))
def test_english_self_check_option_lists_wrap_in_care_mode(browser, live_server, services, width):
    context, page = _care_page(browser, live_server, width, "en")
    try:
        page.goto(f"{live_server}/lang/en?next=/self-check")
        _fits(page, f"self-check start at {width}px")
        follow(page, page.get_by_role("button", name="Save and continue"))  # the error summary too
        _fits(page, f"self-check start with an error at {width}px")
        if width == 320:
            assert_accessible(page, "self-check start with an error, 长辈版 320px", target_size=True)
        answers = full_answers(["deep_application", "tech_empowerment"], "max")
        for value in answers["zone_types"]:
            page.locator(f'input[name="zone_types"][value="{value}"]').check()
        follow(page, page.get_by_role("button", name="Save and continue"))
        while "/step/" in page.url:  # every option list of the questions on the way
            name = page.url.split("/step/")[1]
            _fits(page, f"{name} at {width}px")
            if name in ("general", "indicators/deep_application/1"):  # errors naming their questions
                follow(page, page.get_by_role("button", name="Save and continue"))
                links = page.locator(".error-summary a").all_inner_texts()
                assert len(links) == len(set(links)) >= 3 and all(t.startswith("Answer: ") for t in links)
                _fits(page, f"{name} with errors at {width}px")
                page.locator(".error-summary a").first.click()
                assert page.evaluate("document.activeElement.id") == page.locator(".error-summary a").first \
                    .get_attribute("href")[1:]
                page.goto(page.url.split("#")[0])
            _answer_page(page, answers)
            follow(page, page.get_by_role("button", name="Save and continue"))
        _fits(page, f"result at {width}px")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ("zh-CN", "en"))
def test_about_you_error_summary_wraps_in_care_mode(browser, live_server, services, lang):
    context, page = _care_page(browser, live_server, 320, lang)
    words = {"zh-CN": "继续", "en": "Continue"}[lang]
    try:
        page.goto(f"{live_server}/lang/{'en' if lang == 'en' else 'zh'}?next=/feedback%3Ftarget%3Dannex-1/16")
        page.locator("#comments-0-kind-3").check()
        page.locator("#comments-0-reason").fill("PFLOPS 口径需要说明。")
        follow(page, page.get_by_role("button", name=words, exact=True))
        page.locator("#submitter-phone").fill("12ab")
        page.locator("#submitter-email").fill("wang@@example")
        follow(page, page.get_by_role("button", name=words, exact=True))
        assert page.locator(".error-summary a").count() >= 2
        _fits(page, f"about you with contact errors ({lang})")
        assert_accessible(page, f"about you with errors, 长辈版 320px ({lang})", target_size=True)
    finally:
        context.close()
