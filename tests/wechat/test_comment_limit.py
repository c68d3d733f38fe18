"""The WeChat Official Account refuses a comment beyond MAX_COMMENTS when it is asked for, not when the whole
submission is sent: through the real /wechat route, as the simulated WeChat server posts it."""
from __future__ import annotations

import pytest

from consultation.intake.payload import MAX_COMMENTS
from tests.bot.full_draft import seed_comments, stored_draft

from .script import numbered_choices, pick_number

REFUSED = {"zh_CN": f"每次提交最多 {MAX_COMMENTS} 条意见，您已准备好 {MAX_COMMENTS} 条，不能再添加。请先提交已写好的意见，"
                    "再开始新的提交填写其余意见。",
           "en": f"At most {MAX_COMMENTS} comments in one submission, and you already have {MAX_COMMENTS}: no more "
                 "can be added. Send the comments you have first, then start a new submission for the rest."}


def _say(wechat, openid, text):
    answer = wechat.say(openid, text)
    assert answer.status == 200, answer.body
    return answer.content


def _pick(wechat, openid, last, msgid, locale="zh_CN"):
    return _say(wechat, openid, str(pick_number(last, msgid, locale)))


def _containing(text, part):
    [number] = [n for label, n in numbered_choices(text).items() if part in label]
    return str(number)


def test_a_comment_beyond_the_maximum_is_refused_when_it_is_asked_for(wechat, services):
    openid = "o-fifty"
    seed_comments(services, "wechat", openid, MAX_COMMENTS - 1)
    last = _say(wechat, openid, "/comment")
    assert f"您有 {MAX_COMMENTS - 1} 条意见尚未提交" in last
    last = _pick(wechat, openid, last, "Comment on another part")  # the last one that fits
    last = _say(wechat, openid, "第三条")
    last = _pick(wechat, openid, last, "Support")
    last = _pick(wechat, openid, last, "Skip")
    last = _say(wechat, openid, "支持扩大创建主体范围。")
    assert f"已准备好 {MAX_COMMENTS} 条意见" in last
    _, draft = stored_draft(services, "wechat", openid)
    full = draft["comments"]
    assert len(full) == MAX_COMMENTS

    refused = _pick(wechat, openid, last, "Comment on another part")
    assert REFUSED["zh_CN"] in refused
    assert pick_number(refused, "Go on to send")  # sending is offered at once
    state, draft = stored_draft(services, "wechat", openid)
    assert state["step"] == "comment.more" and draft["comments"] == full and not draft.get("cur")

    # "Comment on this" under an article being read.
    toc = _say(wechat, openid, "/read")
    chapter = _say(wechat, openid, _containing(toc, "第一章"))
    article = _say(wechat, openid, _containing(chapter, "第二条"))
    refused = _pick(wechat, openid, article, "Comment on this")
    assert REFUSED["zh_CN"] in refused and "您正在对" not in refused
    state, draft = stored_draft(services, "wechat", openid)
    assert state["step"] == "comment.more" and draft["comments"] == full and not draft.get("cur")


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_the_refusal_is_said_in_the_users_language(wechat, services, locale):
    openid = f"o-full-{locale}"
    seed_comments(services, "wechat", openid, MAX_COMMENTS, locale=locale)
    last = _say(wechat, openid, "/comment")
    refused = _pick(wechat, openid, last, "Comment on another part", locale)
    assert REFUSED[locale] in refused
    _, draft = stored_draft(services, "wechat", openid)
    assert len(draft["comments"]) == MAX_COMMENTS
