"""A confirmation stores only the answers its check step showed (attack 7, F2).

The feedback form's check page, the private link's check step and the bots' summary each carry the digest of
what they showed (consultation.checked). Another tab of the same browser (or an older Telegram message's
button) changing the answers between the showing and the confirming makes the confirmation store nothing
and show the answers again, with a notice at the top.
"""
from __future__ import annotations

import html as htmllib
import re

from sqlalchemy import select

from bot.core import Conversation, Event
from consultation.models import Comment, Submission
from tests.conftest import checked_from, csrf_token_from, sample_payload
from tests.test_feedback_form import form_data, token_of

NOTICE_ZH = "填写内容又在另一个窗口中被修改了"
NOTICE_EN = "Your answers changed in another window since you checked them. Check them again before sending."


def _shown(html: str) -> str:
    """The digest the page's confirm carries, "" for a page without one (as before this rule): the tests
    then fail on what is stored, not on the missing field."""
    match = re.search(r'name="checked" value="([0-9a-f]+)"', html)
    return match.group(1) if match else ""


def _proposals(services) -> list[str]:
    with services.session() as s:
        return list(s.scalars(select(Comment.proposal).order_by(Comment.id)))


def _to_check(client, proposal: str) -> tuple[str, str]:
    """Comments with `proposal`, about you, and the check page: (csrf token, the check page's html)."""
    token = token_of(client)
    assert client.post("/feedback", data=form_data(token, **{"comments-0-proposal": proposal})).status_code == 302
    assert client.post("/feedback/about-you", data=form_data(token)).status_code == 302
    page = client.get("/feedback/check")
    assert page.status_code == 200
    return token, page.get_data(as_text=True)


def test_a_change_made_in_another_tab_after_the_check_is_not_what_gets_sent(client, services):
    token, first = _to_check(client, "第一版的表述。")
    assert "第一版的表述。" in first
    # Another tab of the same browser (the same cookies) changes the proposal and reaches its own check page.
    assert client.post("/feedback", data=form_data(token, **{"comments-0-proposal": "第二版的表述。"})).status_code == 302
    # The first tab confirms what it showed: refused, nothing stored, the answers as they are now shown again.
    r = client.post("/feedback/check", data={"csrf_token": token, "checked": _shown(first)})
    page = r.get_data(as_text=True)
    assert _proposals(services) == [] and r.status_code == 409
    assert NOTICE_ZH in page and 'class="error-summary"' in page and 'href="#answers"' in page
    assert page.index(NOTICE_ZH) < page.index("<h1") and "<title>错误：" in page
    assert "第二版的表述。" in page and "第一版的表述。" not in page and 'id="answers"' in page
    assert "no-store" in r.headers["Cache-Control"]
    # Confirmed from the page shown again: what it showed is stored.
    r = client.post("/feedback/check", data={"csrf_token": token, "checked": checked_from(page)})
    assert r.status_code == 302 and "/receipt/" in r.headers["Location"]
    assert _proposals(services) == ["第二版的表述。", ""]  # the form's second comment (a row) has no proposal


def test_details_changed_in_another_tab_are_checked_again(client, services):
    token, first = _to_check(client, "同一条意见。")
    assert client.post("/feedback/about-you",
                       data=form_data(token, **{"submitter-name": "另一个名字"})).status_code == 302
    r = client.post("/feedback/check", data={"csrf_token": token, "checked": _shown(first)},
                    headers={"Accept-Language": "en"})
    page = htmllib.unescape(r.get_data(as_text=True))
    assert r.status_code == 409 and NOTICE_EN in page and "另一个名字" in page and "<title>Error: " in page
    with services.session() as s:
        assert s.scalar(select(Submission.id)) is None


def test_a_confirmation_without_the_digest_sends_nothing(client, services):
    token, _ = _to_check(client, "没有摘要。")
    # A non-ASCII digest once raised TypeError in hmac.compare_digest: a 500, not the 409.
    for shown in (None, "", "0" * 32, "摘要" * 16, "é"):
        data = {"csrf_token": token} if shown is None else {"csrf_token": token, "checked": shown}
        assert client.post("/feedback/check", data=data).status_code == 409
    assert _proposals(services) == []


def test_the_same_answers_checked_in_two_tabs_are_sent_once(client, services):
    token, first = _to_check(client, "两个标签页。")
    second = client.get("/feedback/check").get_data(as_text=True)
    assert checked_from(first) == checked_from(second)  # nothing changed: the same digest
    r = client.post("/feedback/check", data={"csrf_token": token, "checked": checked_from(second)})
    assert r.status_code == 302
    again = client.post("/feedback/check", data={"csrf_token": token, "checked": checked_from(first)})
    assert again.status_code == 302 and again.headers["Location"].endswith("/feedback")  # draft gone: as before
    assert _proposals(services) == ["两个标签页。", ""]


# --- the private link's check step -------------------------------------------------------------------------------

def _stored(client) -> tuple[str, int]:
    r = client.post("/api/v1/feedback", json=sample_payload())
    assert r.status_code == 201
    url = f"/receipt/{r.json['reference']}/change?token={r.json['token']}"
    return url, r.json["reference"]


def _change(csrf: str, comment_id: int, reason: str) -> dict:
    return {"csrf_token": csrf, "comments-0-id": str(comment_id), "comments-0-target": "art-3",
            "comments-0-kind": "other", "comments-0-proposal": "", "comments-0-reason": reason,
            "comments-0-proposed_points": ""}


def _reasons(services) -> list[str]:
    with services.session() as s:
        return [c.reason for c in s.scalar(select(Submission)).comments]


def test_a_change_saved_in_another_tab_sends_the_check_step_back(client, services):
    url, _ = _stored(client)
    csrf = csrf_token_from(client.get(url).get_data(as_text=True))
    with services.session() as s:
        (comment_id,) = [c.id for c in s.scalar(select(Submission)).comments]
    # Tab 1 checks its change; tab 2 checks and saves another one.
    mine = _change(csrf, comment_id, "第一个标签页的理由。")
    first = client.post(url, data={**mine, "action": "continue"}).get_data(as_text=True)
    other = _change(csrf, comment_id, "第二个标签页的理由。")
    shown = _shown(client.post(url, data={**other, "action": "continue"}).get_data(as_text=True))
    assert client.post(url, data={**other, "checked": shown, "action": "confirm"}).status_code == 302
    # Tab 1's confirmation was checked against the feedback before tab 2's save: refused, shown again.
    r = client.post(url, data={**mine, "checked": _shown(first), "action": "confirm"},
                    headers={"Accept-Language": "en"})
    page = htmllib.unescape(r.get_data(as_text=True))
    assert _reasons(services) == ["第二个标签页的理由。"] and r.status_code == 409
    assert "Your feedback was changed in another window since you checked these changes." in page
    assert 'class="error-summary"' in page and "第一个标签页的理由。" in page and "no-store" in r.headers["Cache-Control"]
    # Confirmed from the check step shown again: stored.
    r = client.post(url, data={**mine, "checked": checked_from(page), "action": "confirm"})
    assert r.status_code == 302 and "done=amended" in r.headers["Location"]
    assert _reasons(services) == ["第一个标签页的理由。"]


def test_a_double_click_on_save_is_not_taken_for_a_change_elsewhere(client, services):
    url, _ = _stored(client)
    csrf = csrf_token_from(client.get(url).get_data(as_text=True))
    with services.session() as s:
        (comment_id,) = [c.id for c in s.scalar(select(Submission)).comments]
    mine = _change(csrf, comment_id, "点了两次。")
    shown = checked_from(client.post(url, data={**mine, "action": "continue"}).get_data(as_text=True))
    assert client.post(url, data={**mine, "checked": shown, "action": "confirm"}).status_code == 302
    second = client.post(url, data={**mine, "checked": shown, "action": "confirm"})
    assert second.status_code == 302 and "done=unchanged" in second.headers["Location"]
    assert _reasons(services) == ["点了两次。"]


def test_line_breaks_sent_back_as_crlf_by_a_browser_still_match(client, services):
    """A browser sends a hidden field's line breaks as CRLF whatever the page held."""
    url, _ = _stored(client)
    csrf = csrf_token_from(client.get(url).get_data(as_text=True))
    with services.session() as s:
        (comment_id,) = [c.id for c in s.scalar(select(Submission)).comments]
    typed = _change(csrf, comment_id, "第一行\n第二行")
    shown = checked_from(client.post(url, data={**typed, "action": "continue"}).get_data(as_text=True))
    r = client.post(url, data={**typed, "comments-0-reason": "第一行\r\n第二行", "checked": shown, "action": "confirm"})
    assert r.status_code == 302 and _reasons(services) == ["第一行\n第二行"]


# --- the bots' summary ---------------------------------------------------------------------------------------

def _summary(conv, user="9"):
    for event in [Event.command("comment"), Event.text("art-4"), Event.choice("k:amend"), Event.text("改为“负责”。"),
                  Event.text("更清楚。"), Event.choice("more:go"), Event.choice("cat:individual"),
                  Event.choice("consent:yes"), Event.text("赵六"), Event.choice("x:org")]:
        conv.handle(user, event, language_hint="zh")
    return conv.handle(user, Event.text("zhao@example.com"), language_hint="zh")


def _send_id(reply) -> str:
    return next(c.id for c in reply.choices if c.id.startswith("sum:send:"))


def test_an_older_summarys_send_button_sends_nothing_changed_since(services):
    """Telegram keeps an older message's buttons pressable: "Confirm and send" under the first summary, pressed
    after the contact was changed (/back) and a second summary shown, used to send the second one."""
    conv = Conversation(services, platform="telegram", max_length=4000)
    first = _summary(conv)
    assert "zhao@example.com" in first.text
    conv.handle("9", Event.command("back"), language_hint="zh")
    second = conv.handle("9", Event.text("13800138000"), language_hint="zh")
    assert second.step == "comment.summary" and _send_id(second) != _send_id(first)
    refused = conv.handle("9", Event.choice(_send_id(first)), language_hint="zh")
    assert refused.receipt is None and "这份摘要显示之后，您的意见有了改动" in refused.text
    assert refused.step == "comment.summary" and "13800138000" in refused.text  # shown again, as it is now
    with services.session() as s:
        assert s.scalar(select(Submission.id)) is None
    sent = conv.handle("9", Event.choice(_send_id(refused)), language_hint="zh")
    assert sent.receipt is not None
    with services.session() as s:
        assert s.scalar(select(Submission.phone)) == "+8613800138000"


def test_a_button_from_before_the_digest_shows_the_summary_again(services):
    conv = Conversation(services, platform="telegram", max_length=4000)
    _summary(conv)
    reply = conv.handle("9", Event.choice("sum:send"), language_hint="zh")  # a message sent before this change
    assert reply.receipt is None and reply.step == "comment.summary" and _send_id(reply)


def test_wechat_reply_1_confirms_the_summary_last_shown(services):
    from bot.wechat.adapter import WeChatAdapter

    adapter = WeChatAdapter(services)
    conv = adapter.conversation
    _summary(conv, "oWX")
    conv.handle("oWX", Event.command("back"), language_hint="zh")
    conv.handle("oWX", Event.text("13800138000"), language_hint="zh")
    event = adapter.text_event("oWX", "1")
    assert event.value == _send_id(adapter.last_reply("oWX"))
    assert conv.handle("oWX", event).receipt is not None
