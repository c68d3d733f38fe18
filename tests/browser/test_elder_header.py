"""长辈版 on a phone: the header must not push the page's own heading off the first screen.

Measured as a reader sees it: the top of the page's h1 against the viewport's height, with the
browser's default font at 24 px (a common setting among older readers) on top of the elder mode,
not counting the demonstration banner that only a simulated date shows.
The menu is a <details> element, so it opens without JavaScript."""
import pytest

from tests.browser import measure
from tests.browser.conftest import follow

pytestmark = pytest.mark.browser


def _elder_page(browser, base, width, height, lang="zh-CN"):
    context = browser.new_context(viewport={"width": width, "height": height}, locale=lang, java_script_enabled=False)
    context.add_cookies([{"name": "care", "value": "1", "url": base}])
    page = context.new_page()
    measure.set_default_font_size(context, page, 24)
    return context, page


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_heading_starts_in_the_top_of_the_first_screen_in_elder_mode(browser, live_server, lang):
    context, page = _elder_page(browser, live_server, 390, 844, lang)
    try:
        for path in ("/", "/draft", "/feedback", "/self-check", "/ask", "/privacy"):
            page.goto(f"{live_server}{path}")
            # The demonstration banner (simulated date) is not part of a real deployment's page.
            banner = page.locator(".banner-simulated")
            shift = banner.bounding_box()["height"] if banner.count() else 0
            top = page.locator("main h1").first.bounding_box()["y"] - shift
            assert top <= 0.4 * 844, f"{path} ({lang}): h1 starts at {top:.0f}px of 844"
    finally:
        context.close()


def test_elder_menu_opens_without_javascript_and_leads_to_each_page(browser, live_server):
    context, page = _elder_page(browser, live_server, 390, 844)
    try:
        page.goto(f"{live_server}/")
        draft_link = page.locator("header").get_by_role("link", name="阅读征求意见稿", exact=True).last
        assert not draft_link.is_visible()
        page.get_by_text("菜单", exact=True).click()
        assert draft_link.is_visible()
        follow(page, draft_link)
        assert page.url.endswith("/draft")
    finally:
        context.close()


def test_wide_screen_elder_mode_keeps_the_navigation_open(browser, live_server):
    context, page = _elder_page(browser, live_server, 1366, 900)
    try:
        page.goto(f"{live_server}/")
        assert page.locator("header").get_by_role("link", name="阅读征求意见稿", exact=True).first.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("lang, words", [("zh-CN", "演示"), ("en", "Demonstration")])
def test_the_demonstration_banner_stays_one_short_line_on_a_small_phone_in_elder_mode(browser, live_server, lang,
                                                                                        words):
    """A simulated date (CONSULT_NOW) shows a banner; in 长辈版 at 320 px with a 24 px default font it must not
    take the top of the screen (it took ~150 px, five lines), yet stay readable and say all it said."""
    context, page = _elder_page(browser, live_server, 320, 640, lang)
    try:
        page.goto(f"{live_server}/")
        banner = page.get_by_role("note").filter(has_text=words)
        box = banner.bounding_box()
        lines = banner.evaluate("""el => { const r = document.createRange(); r.selectNodeContents(el.querySelector('summary') || el);
                                          return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }""")
        assert lines == 1 and box["height"] <= 72, f"banner {box['height']:.0f}px tall, {lines} lines"
        size = banner.evaluate("el => parseFloat(getComputedStyle(el.querySelector('summary') || el).fontSize)")
        assert size >= 16, f"banner text {size}px"
        assert measure.page_width(page)["scroll"] <= 320
        day = page.evaluate("() => document.querySelector('[role=note]').textContent.match(/\\d{4}-\\d\\d-\\d\\d/)[0]")
        assert day in banner.inner_text()  # the date is on the line itself
        banner.get_by_text(words).first.click()  # the whole sentence, with the time, one tap away
        sentence = banner.inner_text()
        assert ("北京时间" if lang == "zh-CN" else "Beijing time") in sentence and ":" in sentence
        assert banner.bounding_box()["height"] > box["height"]
    finally:
        context.close()
