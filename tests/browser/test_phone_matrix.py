"""Every public page at 320, 390 and 1366 px in Chinese and English, measured as a person sees it.

One Chromium for the session; one browser context per combination, walking all the pages in it.
"""
import pytest
from sqlalchemy import select

from consultation.office.publishing import preview, publish
from tests.browser import measure
from tests.browser.conftest import assert_accessible, follow
from tests.browser.public_walk import open_window_pages
from tests.conftest import sample_payload, set_now

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1366)
LANGS = ("zh-CN", "en")


def new_page(browser, width, lang, care=False, base=None, font_px=None):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=lang)
    if care:
        context.add_cookies([{"name": "care", "value": "1", "url": base}])
    page = context.new_page()
    if font_px:
        measure.set_default_font_size(context, page, font_px)
    return context, page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_screen_and_text_follows_a_24px_default(browser, live_server, services, width, lang):
    context, page = new_page(browser, width, lang, font_px=24)
    try:
        for label in open_window_pages(page, live_server, english=lang == "en", services=services):
            size = measure.page_width(page)
            assert size["scroll"] <= size["viewport"], f"{label} at {width}px ({lang}): {size} {measure.overflowing(page)}"
            text = measure.body_text_px(page)
            assert min(text) >= 24 - 0.01, f"{label}: body text {min(text)}px with a 24px default"
    finally:
        context.close()


@pytest.mark.parametrize("width,lang,care", [(w, lang, False) for w in WIDTHS for lang in LANGS]
                         + [(320, "zh-CN", True), (390, "en", True)])
def test_axe_and_target_sizes_on_every_page(browser, live_server, services, width, lang, care):
    context, page = new_page(browser, width, lang, care=care, base=live_server)
    try:
        for label in open_window_pages(page, live_server, english=lang == "en", services=services):
            assert_accessible(page, f"{label} at {width}px ({lang}{', 长辈版' if care else ''})", target_size=True)
            small = measure.small_targets(page, primary=52 if care else 44, other=24)
            assert not small, f"{label}: {small[:5]}"
    finally:
        context.close()


def test_closed_window_and_published_summary_pages(browser, live_server, services):
    """After the window: every public page, a receipt and a withdrawn one; then a publication (committed,
    with a decision), whose summary, receipt and comparison pages are checked the same way."""
    from consultation import amendments
    from consultation.models import Comment, Submission
    from consultation.office.decisions import decide
    from consultation.submissions import submit
    from tests.office.conftest import _clear_audit

    def stored(reason):
        payload = sample_payload()
        payload["comments"][0]["reason"] = reason
        return submit(services.engine, services.consultation, payload, channel="web", locale="zh_CN",
                      now=services.now(), secret_key=services.settings.secret_key)

    receipt, gone = stored("保留的意见。"), stored("撤回的意见。")
    with services.session() as s:
        amendments.withdraw(s, services.consultation, s.scalars(select(Submission).where(
            Submission.reference == gone.reference)).one(), services.now())
    private = f"{live_server}/receipt/{receipt.reference}?token={receipt.token}"
    withdrawn = f"{live_server}/receipt/{gone.reference}?token={gone.token}"
    set_now(services, "2025-12-20T10:00:00+08:00")
    for lang in LANGS:
        context, page = new_page(browser, 320, lang, font_px=24)
        try:
            for path in ("/", "/draft", "/feedback", "/privacy", "/ask", "/self-check", private, withdrawn,
                         private.replace("?token=", "/change?token=")):
                page.goto(path if path.startswith("http") else live_server + path)
                size = measure.page_width(page)
                assert size["scroll"] <= size["viewport"], f"closed {path} ({lang}): {size}"
                assert min(measure.body_text_px(page)) >= 24 - 0.01, f"closed {path} ({lang})"
                assert_accessible(page, f"closed {path} ({lang})", target_size=True)
                assert not measure.small_targets(page, primary=44, other=24), f"closed {path} ({lang})"
            page.goto(f"{live_server}/feedback")
            assert "未保存" not in page.content() and "nothing was stored" not in page.content()
        finally:
            context.close()
    try:
        with services.session() as s:
            kept = s.scalars(select(Comment.id).join(Submission).where(
                Submission.reference == receipt.reference)).one()
            decide(s, comment_ids=[kept], outcome="adopted", reason="已在修订稿中体现。", actor="chief",
                   now=services.now(), approve=True)
            publish(s, services.consultation, actor="chief", now=services.now(),
                    confirmed_pending=preview(s, services.consultation)["pending"])
            s.commit()
        for lang in LANGS:
            context, page = new_page(browser, 390, lang, font_px=24)
            try:
                for url in (f"{live_server}/", private, withdrawn, f"{live_server}/summary",
                            f"{live_server}/comparison"):
                    response = page.goto(url)
                    assert response.status == 200 or url.endswith("/comparison"), url  # no revised text yet: 404
                    size = measure.page_width(page)
                    assert size["scroll"] <= size["viewport"], f"published {url} ({lang}): {size}"
                    assert_accessible(page, f"published {url} ({lang})", target_size=True)
                    assert not measure.small_targets(page, primary=44, other=24), f"published {url} ({lang})"
                page.goto(private)
                assert "已在修订稿中体现。" in page.locator("main").inner_text()
                page.goto(f"{live_server}/summary")
                assert "撤回的意见。" not in page.locator("main").inner_text()  # withdrawn: not published
            finally:
                context.close()
    finally:
        _clear_audit(services.engine)


def test_elder_mode_is_larger_high_contrast_remembered_and_complete(browser, live_server, services):
    context, page = new_page(browser, 390, "zh-CN")
    try:
        page.goto(f"{live_server}/draft")
        standard_text = min(measure.body_text_px(page))
        standard_links = page.get_by_role("link", name="对此提意见").count()
        standard_rows = page.locator("tr[id^='annex-']").count()
        follow(page, page.get_by_role("link", name="长辈版（大字）"))
        assert page.url.endswith("/draft")
        # Larger text (at least 1.25 times), 7:1 text and link contrast, bigger targets, nothing left out.
        assert min(measure.body_text_px(page)) >= 1.25 * standard_text
        assert min(measure.text_contrasts(page, "main p, main h1, main h2, main td, main a, header a, .button")) >= 7
        assert not measure.small_targets(page, primary=52, other=40)
        assert page.get_by_role("link", name="对此提意见").count() == standard_links == 109
        assert page.locator("tr[id^='annex-']").count() == standard_rows
        assert measure.page_width(page)["scroll"] <= 390
        # Remembered on the next pages, and one control turns it off again.
        page.goto(f"{live_server}/feedback")
        assert min(measure.body_text_px(page)) >= 1.25 * standard_text
        follow(page, page.get_by_role("link", name="退出长辈版"))
        assert abs(min(measure.body_text_px(page)) - standard_text) < 0.5
    finally:
        context.close()


def test_focus_is_visible_with_enough_contrast(browser, live_server, services):
    context, page = new_page(browser, 390, "zh-CN")
    try:
        page.goto(f"{live_server}/draft")
        for _ in range(4):
            page.keyboard.press("Tab")
            ring = measure.focus_ring(page)
            assert ring["style"] != "none" and ring["width"] >= 2 and ring["contrast"] >= 3, ring
    finally:
        context.close()


def test_more_contrast_and_forced_colours_are_honoured(browser, live_server, services):
    context, page = new_page(browser, 390, "zh-CN")
    try:
        page.goto(f"{live_server}/feedback?target=art-3")
        assert min(measure.text_contrasts(page, "button.link")) < 7  # the usual link blue is 6.7:1
        page.emulate_media(contrast="more")
        assert min(measure.text_contrasts(page, "main p, button.link, .hint, .note, .steps, label")) >= 7
        page.emulate_media(contrast="no-preference", forced_colors="active")
        page.keyboard.press("Tab")
        ring = measure.focus_ring(page)
        assert ring["style"] != "none" and ring["width"] >= 2
    finally:
        context.close()
