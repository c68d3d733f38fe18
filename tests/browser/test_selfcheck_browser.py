"""A person on a phone completes a self-check in real Chromium; axe finds nothing serious on the way."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from guidance.models import SavedSelfCheck
from guidance.selfcheck import flow
from tests.browser.conftest import assert_accessible, follow
from tests.selfcheck_support import full_answers

pytestmark = pytest.mark.browser


def _answer_page(page, answers):
    """Fill the questions of the page on screen from `answers`, by question name."""
    name = page.url.split("/step/")[1]
    for q in flow.all_nodes()[name].questions:
        value = answers[q.name]
        if q.kind == "number":
            page.locator(f'[name="{q.name}"]').fill(str(value))
        else:
            page.locator(f'input[name="{q.name}"][value="{value}"]').check()


def test_complete_a_self_check_and_print_it(page, live_server, services):
    answers = full_answers(["tech_empowerment"], "max")
    answers.update({"annex-3/9": 100, "annex-3/11": "basic", "art-6.3.2": "partly"})

    page.goto(f"{live_server}/self-check")
    assert_accessible(page, "start")
    follow(page, page.get_by_role("button", name="保存并继续"))  # nothing chosen: refused, error next to the field
    assert page.locator("#zone_types-error").is_visible()
    assert_accessible(page, "start with error")
    page.locator('input[name="zone_types"][value="tech_empowerment"]').check()
    follow(page, page.get_by_role("button", name="保存并继续"))

    checked_indicator_page = checked_error = False
    while "/step/" in page.url:
        name = page.url.split("/step/")[1]
        if name.startswith("indicators/") and not checked_error:
            first = flow.all_nodes()[name].questions[0]
            _answer_page(page, answers)
            if first.kind == "number":
                page.locator(f'[name="{first.name}"]').fill("-3")
                follow(page, page.get_by_role("button", name="保存并继续"))
                assert page.locator(f'[id="{first.name}-error"]').is_visible()
                assert page.locator(".error-summary").is_visible()
                assert_accessible(page, "indicator page with an error")
                checked_error = True
        _answer_page(page, answers)
        if name.startswith("indicators/") and not checked_indicator_page:
            assert_accessible(page, f"indicator page {name}")
            checked_indicator_page = True
        follow(page, page.get_by_role("button", name="保存并继续"))

    assert page.url.endswith("/result")
    assert page.get_by_text("仅供自评参考，不代表正式评估结果。").first.is_visible()
    assert page.locator(".sc-total").first.inner_text().startswith("自评总分：")
    assert "第六条(三)2." in page.locator("section[aria-labelledby=sc-unmet]").inner_text()
    assert_accessible(page, "result")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible() and not page.locator(".sc-actions").is_visible()
    printed_head = page.locator(".sc-print-head")  # the printout says what it is and when (Beijing time)
    assert printed_head.is_visible() and services.consultation.title in printed_head.inner_text()
    assert "北京时间" in printed_head.inner_text()
    assert page.get_by_text("仅供自评参考，不代表正式评估结果。").first.is_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载报告（HTML，可打印）").click()
    report = download_info.value
    assert report.suggested_filename.startswith("self-check-") and report.suggested_filename.endswith(".html")

    with services.session() as s:
        saved = s.scalars(select(SavedSelfCheck)).one()
        assert saved.answers["annex-3/9"] == 100 and saved.completed_at is not None


def test_resume_through_the_private_link(page, live_server, services):
    page.goto(f"{live_server}/self-check")
    page.locator('input[name="zone_types"][value="deep_application"]').check()
    follow(page, page.get_by_role("button", name="保存并继续"))
    private = page.locator(".private-link a").inner_text()
    page.context.clear_cookies()
    page.goto(private)
    assert page.url.endswith("/step/entity")
    assert_accessible(page, "resumed step")


def test_english_result_with_two_types_is_accessible(page, live_server, services):
    import httpx

    answers = full_answers(["deep_application", "product_innovation"], "max")
    answers.update({"annex-2/10": 1, "art-6.1.3": "no"})
    saved = httpx.post(f"{live_server}/api/v1/self-check", json={"answers": answers, "save": True}).json()["saved"]
    token = saved["url"].rsplit("/", 1)[1]
    page.goto(f"{live_server}/lang/en?next=/self-check/{token}/result")
    assert page.locator("#sc-rec").inner_text() == "Which type suits you best"
    assert "AI product-innovation demonstration zone" in page.locator(".sc-recommendation").inner_text()
    assert_accessible(page, "English result")
