"""The core with people who do not follow the script: detours, consent, contact input, chapters, the clock."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core import Conversation, Event
from bot.models import BotUser
from tests.conftest import set_now


@pytest.fixture
def conv(services):
    return Conversation(services, platform="wechat", max_length=600)


def _row(services, user_id):
    with services.session() as s:
        return s.scalars(select(BotUser).where(BotUser.user_id == user_id)).first()


def _ids(reply):
    return {c.id for c in reply.choices}


def _go(conv, user, *events):
    reply = None
    for event in events:
        reply = conv.handle(user, event, language_hint="zh")
    return reply


PROPOSAL = "建议将创建主体扩展到省级及以上各类园区。"


@pytest.mark.parametrize("detour", [Event.command("start"), Event.command("ask"), Event.command("selfcheck"),
                                    Event.command("menu"), Event.choice("m:ask"), Event.media("photo")],
                         ids=["start", "ask", "selfcheck", "menu-or-wechat-0", "menu-ask", "photo"])
def test_a_detour_keeps_the_comment_in_progress(conv, services, detour):
    user = f"d-{detour.kind}-{detour.value}"
    _go(conv, user, Event.command("comment"), Event.text("第三条"), Event.choice("k:amend"), Event.text(PROPOSAL))
    _go(conv, user, detour)
    greeting = _go(conv, user, Event.command("start")).text
    assert "未完成的意见" in greeting and "第三条" in greeting and PROPOSAL[:20] in greeting
    offer = _go(conv, user, Event.choice("m:comment"))
    assert _ids(offer) == {"cm:resume", "cm:discard"} and PROPOSAL[:20] in offer.text
    resumed = _go(conv, user, Event.choice("cm:resume"))
    assert resumed.step == "comment.reason" and "请说明理由" in resumed.text
    assert _row(services, user).draft["cur"] == {"target": "art-3", "kind": "amend", "proposal": PROPOSAL}
    done = _go(conv, user, Event.text("覆盖更多主体。"))
    assert done.step == "comment.more"
    assert _row(services, user).draft["comments"][0]["proposal"] == PROPOSAL


def test_back_at_comments_ready_then_a_detour_loses_nothing(conv, services):
    user = "d-back"
    _go(conv, user, Event.command("comment"), Event.text("第三条"), Event.choice("k:amend"), Event.text(PROPOSAL),
        Event.text("理由。"))
    back = _go(conv, user, Event.command("back"))
    assert back.step == "comment.reason"
    _go(conv, user, Event.command("start"))
    _go(conv, user, Event.command("comment"))
    discarded = _go(conv, user, Event.choice("cm:discard"))
    assert discarded.step == "comment.more"  # the comment the bot had confirmed as noted is still there
    assert [c["proposal"] for c in _row(services, user).draft["comments"]] == [PROPOSAL]


def test_discarding_an_unfinished_comment_starts_again(conv, services):
    user = "d-discard"
    _go(conv, user, Event.command("comment"), Event.text("第三条"), Event.choice("k:amend"), Event.text(PROPOSAL))
    _go(conv, user, Event.command("ask"))
    _go(conv, user, Event.command("comment"))
    again = _go(conv, user, Event.choice("cm:discard"))
    assert again.step == "comment.target"
    assert _row(services, user).draft["cur"] == {} and "paused" not in _row(services, user).draft


def test_consent_comes_before_any_personal_detail(conv, services):
    user = "d-consent"
    asked = _go(conv, user, Event.command("comment"), Event.text("第三条"), Event.choice("k:support"),
                Event.choice("x:proposal"), Event.text("赞同。"), Event.choice("more:go"),
                Event.choice("cat:individual"))
    assert asked.step == "comment.consent" and _ids(asked) == {"consent:yes", "consent:no"}
    refused = _go(conv, user, Event.choice("consent:no"))
    assert refused.step == "comment.consent"
    assert _row(services, user).draft["who"] == {"category": "individual"}
    assert _go(conv, user, Event.choice("consent:yes")).step == "comment.name"


@pytest.mark.parametrize("typed,phone,email", [
    ("邮箱 wx@example.com", "", "wx@example.com"), ("电话:13800138000", "13800138000", ""),
    ("手机 13800138000，邮箱：a@b.cn", "13800138000", "a@b.cn"), ("0551-62871234", "0551-62871234", ""),
])
def test_contact_is_read_as_phone_or_email_whatever_the_label(conv, services, typed, phone, email):
    user = f"d-contact-{typed}"
    _go(conv, user, Event.command("comment"), Event.text("第三条"), Event.choice("k:support"),
        Event.choice("x:proposal"), Event.text("赞同。"), Event.choice("more:go"), Event.choice("cat:individual"),
        Event.choice("consent:yes"), Event.text("赵六"), Event.choice("x:org"))
    summary = _go(conv, user, Event.text(typed))
    assert summary.step == "comment.summary", summary.text
    who = _row(services, user).draft["who"]
    assert (who["phone"], who["email"]) == (phone, email)


@pytest.mark.parametrize("typed", ["12345", "无"])
def test_what_is_neither_a_phone_nor_an_email_is_refused(conv, services, typed):
    user = f"d-bad-{typed}"
    _go(conv, user, Event.command("comment"), Event.text("第三条"), Event.choice("k:support"),
        Event.choice("x:proposal"), Event.text("赞同。"), Event.choice("more:go"), Event.choice("cat:individual"),
        Event.choice("consent:yes"), Event.text("赵六"), Event.choice("x:org"))
    refused = _go(conv, user, Event.text(typed))
    assert refused.step == "comment.contact" and "不是电话号码或电子邮箱" in refused.text


def test_a_chapter_is_offered_as_a_choice_of_its_articles(conv):
    offered = _go(conv, "d-chapter", Event.command("comment"), Event.text("第三章"))
    assert offered.step == "comment.target"
    assert {"ts:art-7"} <= _ids(offered) and "不是" not in offered.text
    assert _go(conv, "d-chapter", Event.text("第六条第一项第二目")).step == "comment.kind"


def test_the_points_prompt_says_what_the_row_accepts(conv, services):
    node = services.consultation.node("annex-1/16")
    total = services.consultation.node(node.parent).points
    prompt = _go(conv, "d-points", Event.command("comment"), Event.text("附件1 指标16"), Event.choice("k:amend"),
                 Event.text("改为区域智能算力规模。"), Event.text("口径统一。"))
    assert prompt.step == "comment.points" and prompt.expects == "number"
    assert f"目前为 {node.points} 分" in prompt.text and f"0 至 {total} 之间的整数" in prompt.text


def test_days_left_are_counted_to_the_second(conv, services):
    set_now(services, "2025-12-17T23:58:00+08:00")
    text = _go(conv, "d-clock", Event.command("start")).text
    assert "还剩 1 天" not in text and "还剩 0 小时 2 分钟" in text
    set_now(services, "2025-12-16T23:58:00+08:00")
    assert "还剩 1 天 0 小时" in _go(conv, "d-clock", Event.command("start")).text


def test_media_and_edits_get_a_reminder_of_the_step(conv, services):
    user = "d-media"
    _go(conv, user, Event.command("comment"), Event.text("第三条"))
    for event in (Event.media("voice"), Event.media("sticker"), Event.edited("第四条")):
        reply = _go(conv, user, event)
        assert reply.step == "comment.kind" and "您的意见属于哪一类" in reply.text
    assert services.consultation.source.mailbox in _go(conv, user, Event.media("photo")).text


def test_button_labels_are_not_cut_mid_word():
    from bot.core.text import shorten
    from bot.telegram.delivery import keyboard
    from bot.core.types import Choice

    label = "Provincial-level development zone with an approved industrial plan and a dedicated AI fund"
    cut = shorten(label, 40)
    assert len(cut) <= 40 and cut.endswith("…") and label.startswith(cut[:-1]) and label[len(cut) - 1] == " "
    [[button]] = keyboard([Choice("sc:x", label + " " + label)]).inline_keyboard
    assert button.text.endswith("…") and (label + " " + label)[len(button.text) - 1] == " "
    assert shorten("示范区创建主体为县(市、区)人民政府", 8) == "示范区创建主体…"  # no spaces: cut by character
