"""A person on a phone completes a self-check in real Chromium; axe finds nothing serious on the way.

The page fixture is this file's own (the shared browser is reused when the browser conftest
provides one), so it runs on any checkout; the live server is tests/conftest.py's (waitress on
127.0.0.1, port 0).
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from guidance.models import SavedSelfCheck
from guidance.selfcheck import flow
from tests.selfcheck_support import full_answers

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def sc_browser(request):
    """The suite's shared Chromium when tests/browser/conftest.py provides one (one Playwright per
    process), otherwise one of our own."""
    try:
        yield request.getfixturevalue("browser")
        return
    except pytest.FixtureLookupError:
        pass
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(sc_browser):
    """A phone-sized page in Chinese, with the site's own Content-Security-Policy enforced."""
    context = sc_browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page, label: str) -> None:
    """No serious or critical axe-core violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{label}: " + "; ".join(f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                                             for v in bad)


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
    page.get_by_role("button", name="保存并继续").click()  # nothing chosen: refused, error next to the field
    assert page.locator("#zone_types-error").is_visible()
    assert_accessible(page, "start with error")
    page.locator('input[name="zone_types"][value="tech_empowerment"]').check()
    page.get_by_role("button", name="保存并继续").click()

    checked_indicator_page = checked_error = False
    while "/step/" in page.url:
        name = page.url.split("/step/")[1]
        if name.startswith("indicators/") and not checked_error:
            first = flow.all_nodes()[name].questions[0]
            _answer_page(page, answers)
            if first.kind == "number":
                page.locator(f'[name="{first.name}"]').fill("-3")
                page.get_by_role("button", name="保存并继续").click()
                assert page.locator(f'[id="{first.name}-error"]').is_visible()
                assert page.locator(".error-summary").is_visible()
                assert_accessible(page, "indicator page with an error")
                checked_error = True
        _answer_page(page, answers)
        if name.startswith("indicators/") and not checked_indicator_page:
            assert_accessible(page, f"indicator page {name}")
            checked_indicator_page = True
        page.get_by_role("button", name="保存并继续").click()

    assert page.url.endswith("/result")
    assert page.get_by_text("仅供自评参考,不代表正式评估结果。").first.is_visible()
    assert page.locator(".sc-total").first.inner_text().startswith("自评总分:")
    assert "第六条(三)2." in page.locator("section[aria-labelledby=sc-unmet]").inner_text()
    assert_accessible(page, "result")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible() and not page.locator(".sc-actions").is_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载报告(HTML,可打印)").click()
    report = download_info.value
    assert report.suggested_filename.startswith("self-check-") and report.suggested_filename.endswith(".html")

    with services.session() as s:
        saved = s.scalars(select(SavedSelfCheck)).one()
        assert saved.answers["annex-3/9"] == 100 and saved.completed_at is not None


def test_resume_through_the_private_link(page, live_server, services):
    page.goto(f"{live_server}/self-check")
    page.locator('input[name="zone_types"][value="deep_application"]').check()
    page.get_by_role("button", name="保存并继续").click()
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
