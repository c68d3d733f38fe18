"""Headless Debian Chromium driven by Playwright, and axe-core for accessibility."""
from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A phone-sized page in Chinese (most people will comment from one), under the site's own
    Content-Security-Policy, so a page that needs an inline script or a foreign asset breaks here."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page, label: str = "", target_size: bool = False) -> None:
    """No serious or critical axe-core violation on the current page; `target_size` also runs axe's
    WCAG 2.2 target-size rule (24 px, off by default in axe)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"resultTypes": ["violations"]}
    if target_size:
        options["rules"] = {"target-size": {"enabled": True}}
    results = Axe().run(page, options=options)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    detail = "; ".join(f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in bad)
    assert not bad, f"{label}: {detail}"


def follow(page, control) -> None:
    """Click a link or a submit button and wait until the page it leads to has loaded.

    Playwright's click returns once the click is dispatched, not once the next page is there, and
    count() or is_visible() do not wait: read straight after a click, they may still see the page
    being left (CI once counted zero answers on the Q&A page that way)."""
    with page.expect_navigation():
        control.click()
