"""Walking every public page the way a person reaches it, for the phone and accessibility matrices.

`open_window_pages` goes from the home page through the draft, the three steps of the form, the
receipt, its change pages (with errors, and the check of the changes) and withdraw page, the privacy
notice, the Q&A and the self-check, yielding a label on each; the caller measures whatever it checks
there.
"""
from __future__ import annotations

from tests.browser.conftest import follow

ZH = {"continue": "继续", "confirm": "确认并提交", "ask": "提问", "add": "再添加一条意见", "remove2": "删除意见 2"}
EN = {"continue": "Continue", "confirm": "Confirm and send", "ask": "Ask", "add": "Add another comment",
      "remove2": "Remove comment 2"}


def selfcheck_result_url(services, base: str) -> str:
    """A finished self-check (every indicator at zero, so the tables of points lost are full)."""
    from guidance.selfcheck import store
    from tests.selfcheck_support import full_answers

    with services.session() as s:
        record, token = store.create(s, {"zone_types": ["tech_empowerment"]}, now=services.now(),
                                     consultation=services.consultation)
        store.update(s, record, full_answers(["tech_empowerment"], "zero"), now=services.now(),
                     consultation=services.consultation)
    return f"{base}/self-check/{token}/result"


def open_window_pages(page, base: str, english: bool = False, services=None):
    words = EN if english else ZH
    page.goto(f"{base}/")
    yield "home"
    page.goto(f"{base}/draft")
    yield "draft"
    page.goto(f"{base}/feedback?target=annex-1/16")
    yield "comments"
    follow(page, page.get_by_role("button", name=words["continue"], exact=True))
    yield "comments with errors"
    page.locator("#comments-0-kind-3").check()  # 删除 / Delete: a reason is enough
    page.locator("#comments-0-reason").fill("PFLOPS 口径需要说明。")
    follow(page, page.get_by_role("button", name=words["continue"], exact=True))
    yield "about you"
    follow(page, page.get_by_role("button", name=words["continue"], exact=True))
    yield "about you with errors"
    page.locator("#submitter-category").select_option("individual")
    page.locator("#submitter-name").fill("王五")
    page.locator("#submitter-email").fill("wangwu@example.com")
    page.locator("#consent").check()
    follow(page, page.get_by_role("button", name=words["continue"], exact=True))
    yield "check your answers"
    follow(page, page.get_by_role("button", name=words["confirm"]))
    yield "confirmation"
    receipt = page.url.split("&new=")[0]
    page.goto(receipt.replace("?token=", "/change?token="))
    yield "change"
    follow(page, page.get_by_role("button", name=words["add"]))
    follow(page, page.get_by_role("button", name=words["continue"], exact=True))
    yield "change with errors"
    follow(page, page.get_by_role("button", name=words["remove2"]))
    follow(page, page.get_by_role("button", name=words["continue"], exact=True))
    yield "check your changes"
    page.goto(receipt.replace("?token=", "/withdraw?token="))
    yield "withdraw"
    page.goto(f"{base}/privacy")
    yield "privacy"
    page.goto(f"{base}/ask")
    page.locator("#question").fill("县级市能申报吗？")
    follow(page, page.get_by_role("button", name=words["ask"], exact=True))
    yield "ask"
    page.goto(f"{base}/self-check")
    yield "self-check"
    if services is not None:
        page.goto(selfcheck_result_url(services, base))
        yield "self-check result"
    page.goto(f"{base}/nowhere")
    yield "not found"
