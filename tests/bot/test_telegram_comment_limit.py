"""The Telegram bot refuses a comment beyond MAX_COMMENTS when it is asked for, not when the whole submission
is sent: `consult bot` as a process against the Bot API emulator, the real database."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consultation.intake.payload import MAX_COMMENTS
from consultation.models import Submission

from .full_draft import seed_comments, stored_draft
from .telegram_users import choice_ids, joined

REFUSED = f"每次提交最多 {MAX_COMMENTS} 条意见，您已准备好 {MAX_COMMENTS} 条，不能再添加。"
WHAT_TO_DO = "请先提交已写好的意见，再开始新的提交填写其余意见。"


def _unchanged(services, user_id, comments, step="comment.more"):
    state, draft = stored_draft(services, "telegram", user_id)
    assert state["step"] == step
    assert draft["comments"] == comments and not draft.get("cur") and not draft.get("paused")


def test_a_comment_beyond_the_maximum_is_refused_when_it_is_asked_for(bot, api, services):
    user = api.user(5190, "zh")
    seed_comments(services, "telegram", user.id, MAX_COMMENTS - 1)
    assert f"您有 {MAX_COMMENTS - 1} 条意见尚未提交" in joined(user.say("/comment"))
    user.press("more:add")  # the last one that fits, typed as anyone would
    user.say("第三条")
    user.press("k:support")
    user.press("x:proposal")
    assert f"已准备好 {MAX_COMMENTS} 条意见" in joined(user.say("支持扩大创建主体范围。"))
    _, draft = stored_draft(services, "telegram", user.id)
    full = draft["comments"]
    assert len(full) == MAX_COMMENTS

    # "Comment on another part" at the "N comments ready" step: refused there, with the maximum and what to do.
    refused = user.press("more:add")
    text = joined(refused)
    assert REFUSED in text and WHAT_TO_DO in text
    assert "more:go" in choice_ids(refused)  # sending is offered at once
    assert "您的意见针对征求意见稿的哪一部分" not in text  # no part of the draft is asked for
    _unchanged(services, user.id, full)

    # "Comment on this" under a part being read.
    user.say("/read")
    user.press("r:chapter-2")
    user.press("r:art-6")
    refused = joined(user.press("c:art-6"))
    assert REFUSED in refused and WHAT_TO_DO in refused
    assert "您正在对" not in refused  # the part is not quoted as the comment's target
    _unchanged(services, user.id, full)

    # "Add another comment" on the summary.
    user.press("more:go")
    user.press("cat:individual")
    user.press("consent:yes")
    user.say("张三")
    user.press("x:org")
    user.say("13800138000")
    refused = user.press("sum:add")
    assert REFUSED in joined(refused) and any(c.startswith("sum:send:") for c in choice_ids(refused))
    state, draft = stored_draft(services, "telegram", user.id)
    assert state["step"] == "comment.summary" and draft["comments"] == full

    # What was written is sent whole.
    assert "感谢您的意见" in joined(user.press("sum:send:"))
    with services.session() as s:
        [sent] = s.scalars(select(Submission).options(selectinload(Submission.comments))
                           .where(Submission.account == f"telegram:{user.id}")).all()
        assert len(sent.comments) == MAX_COMMENTS


def test_the_refusal_is_said_in_english_too(bot, api, services):
    user = api.user(5191, "en")
    seed_comments(services, "telegram", user.id, MAX_COMMENTS)
    user.say("/comment")
    refused = joined(user.press("more:add"))
    assert (f"At most {MAX_COMMENTS} comments in one submission, and you already have {MAX_COMMENTS}: no more can "
            "be added. Send the comments you have first, then start a new submission for the rest.") in refused
    _, draft = stored_draft(services, "telegram", user.id)
    assert len(draft["comments"]) == MAX_COMMENTS
