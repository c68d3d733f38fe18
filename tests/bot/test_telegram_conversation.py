"""The Telegram bot end to end: `consult bot` as a process, the Bot API emulator, the real database."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.models import BotUser
from consultation.models import Submission

from .telegram_users import choice_ids, joined

RECEIPT = re.compile(r"/receipt/([0-9A-Z-]+)\?token=([0-9a-f]+)")
FORMATTING = "<b>粗体</b> *_[]` &amp; <a href=\"x\">"


def _submission(services, account):
    with services.session() as s:
        return s.scalars(select(Submission).options(selectinload(Submission.comments))
                         .where(Submission.account == account)).all()


def _bot_user(services, user_id):
    with services.session() as s:
        return s.scalars(select(BotUser).where(BotUser.platform == "telegram",
                                               BotUser.user_id == str(user_id))).first()


def _receipt_json(client, text):
    reference, token = RECEIPT.search(text).groups()
    response = client.get(f"/api/v1/feedback/{reference}?token={token}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return reference, response.get_json()


def test_full_comment_conversation_in_chinese(bot, api, services, client):
    user = api.user(5101, "zh-hans")
    greeting = user.say("/start")
    assert "征求意见截止到2025年12月17日" in joined(greeting)
    assert {"m:read", "m:comment", "m:ask", "m:selfcheck", "m:receipts"} <= set(choice_ids(greeting))
    assert set(api.commands) == {"zh", "en", None}
    assert api.commands["zh"][0]["description"] == "欢迎与主菜单"
    assert api.commands["en"][0]["description"] == "Welcome and main menu"

    assert "第三条" in joined(user.press("m:comment"))
    shown = user.say("第三条")
    assert "示范区创建主体为县(市、区)" in joined(shown)  # the exact text, quoted
    assert set(choice_ids(shown)) == {"k:support", "k:amend", "k:delete", "k:add", "k:other"}
    user.press("k:amend")
    assert api.sent[-2]["edited"] and api.sent[-2]["message"]["text"].endswith("→ 修改")  # keyboard closed
    user.say("建议将“省级(含以上)开发区”扩大为“省级及以上各类园区”。" + FORMATTING)
    more = user.say("覆盖更多创建主体。")
    assert "已准备好 1 条意见" in joined(more)

    user.press("more:add")
    user.say("附件1第16项")
    user.press("k:amend")
    user.say("区域智能算力供给能力(PFLOPS)改为“区域智能算力规模”。")
    points = user.say("指标口径需要统一。")
    assert "目前为 4 分" in joined(points) and "0 至 100" in joined(points)
    assert "分值必须是整数" in joined(user.say("五分"))
    assert _bot_user(services, 5101).state["step"] == "comment.points"
    user.say("6")
    user.press("more:go")
    consent = user.press("cat:enterprise")
    assert f"{services.settings.base_url}/privacy" in joined(consent)  # asked before any personal detail
    user.press("consent:yes")
    user.say("张三")
    user.say("合肥某科技有限公司")
    assert "不是电话号码或电子邮箱" in joined(user.say("not-a-phone"))
    summary = joined(user.say("13800138000 zhangsan@example.com"))
    assert FORMATTING in summary  # shown literally, not as formatting
    assert "&lt;b&gt;粗体&lt;/b&gt;" in api.messages_to(5101)[-1]["raw"]
    assert _submission(services, "telegram:5101") == []  # nothing stored before confirmation

    done = joined(user.press("sum:send:"))
    assert "感谢您的意见" in done
    [stored] = _submission(services, "telegram:5101")
    assert stored.channel == "telegram" and stored.locale == "zh_CN"
    reference, view = _receipt_json(client, done)
    assert reference == stored.reference
    assert [c["target"] for c in view["comments"]] == ["art-3", "annex-1/16"]
    assert view["comments"][0]["proposal"].endswith(FORMATTING)
    assert view["comments"][1]["proposed_points"] == 6
    assert view["submitter"]["phone"] == "+8613800138000"
    assert _bot_user(services, 5101).draft == {}  # the bot keeps no personal data once sent

    receipts = joined(user.say("/myreceipts"))
    assert reference in receipts and "第三条" in receipts and "附件1第16项" in receipts


def test_full_comment_conversation_in_english_by_browsing(bot, api, services, client):
    user = api.user(5102, "en-GB", first_name="Ann")
    assert "open until December 17, 2025" in joined(user.say("/start"))
    user.press("m:comment")
    user.press("tb:chapter-2")
    items = user.press("tb:art-6")
    assert "ts:art-6" in choice_ids(items) and "tb:art-6.1" in choice_ids(items)
    user.press("tb:art-6.2")
    quoted = joined(user.press("ts:art-6.2.3"))
    assert "Article 6 (二) 3." in quoted and "建有省级及以上人工智能相关领域的制造业创新中心" in quoted
    user.press("k:support")
    user.press("x:proposal")
    user.say("Innovation platforms are the right test for product-innovation zones.")
    user.press("more:go")
    user.press("cat:individual")
    refused = joined(user.press("consent:no"))
    assert "cannot be sent" in refused
    assert set(choice_ids(user.api.messages_to(5102)[-1:] and [user.api.messages_to(5102)[-1]["message"]])) == {
        "consent:yes", "consent:no"}
    assert _bot_user(services, 5102).draft["who"] == {"category": "individual"}  # nothing personal asked
    user.press("consent:yes")
    user.say("Ann Lee")
    user.press("x:org")
    summary = joined(user.say("ann@example.org"))
    assert "Article 6 (二) 3. · Support" in summary and "Email: ann@example.org" in summary
    user.press("sum:edit")
    user.press("ed:who")
    user.press("cat:academic")
    user.say("Ann Lee")
    user.say("Anhui University")
    summary = joined(user.say("ann@example.org"))
    assert "University or research institute" in summary and "Anhui University" in summary
    done = joined(user.press("sum:send:"))
    assert "your feedback was received" in done
    reference, view = _receipt_json(client, done)
    assert view["channel"] == "telegram"
    assert view["comments"] == [{"target": "art-6.2.3", "kind": "support", "original_text": view["comments"][0][
        "original_text"], "proposal": "", "reason": "Innovation platforms are the right test for product-innovation "
                                                    "zones.", "proposed_points": None}]
    assert view["submitter"]["category"] == "academic" and view["submitter"]["organisation"] == "Anhui University"
    [stored] = _submission(services, "telegram:5102")
    assert stored.locale == "en"

    user.press("m:lang")
    user.press("l:zh_CN")
    assert _bot_user(services, 5102).locale == "zh_CN"
    assert "征求意见截止到" in joined(user.say("/start"))  # remembered over Telegram's language_code


def test_reading_the_draft(bot, api):
    user = api.user(5103, "zh")
    toc = user.say("/read")
    assert {"r:chapter-1", "r:annex-1", "r:annex-2", "r:annex-3"} <= set(choice_ids(toc))
    chapter = user.press("r:chapter-2")
    assert choice_ids(chapter)[:2] == ["r:art-5", "r:art-6"]
    article = user.press("r:art-6")
    assert "(一)人工智能深度应用示范区" in joined(article) and "c:art-6" in choice_ids(article)
    table = user.press("r:annex-1")
    assert "附件1指标表序号由18跳至21" in joined(table)  # the data's finding shown beside the table
    row = joined(user.press("r:annex-1/16"))
    assert "三级指标: 区域智能算力供给能力(PFLOPS )" in row and "分值: 4" in row
    kind = user.press("c:annex-1/16")
    assert "k:amend" in choice_ids(kind)


def test_malformed_references_are_refused_and_nothing_is_stored(bot, api, services):
    user = api.user(5104, "zh")
    user.say("/comment")
    for typed in ("第九十九条", "附件9第1项", "art-99", "annex-1/19", "<i>第三条</i>", "第九章"):
        reply = joined(user.say(typed))
        assert "征求意见稿中找不到" in reply, typed
        assert typed[:39] in reply
    chapter = user.say("第三章")  # a chapter is offered as a choice of its articles
    assert "第三章" in joined(chapter) and "ts:art-7" in choice_ids(chapter)
    row = _bot_user(services, 5104)
    assert row.state["step"] == "comment.target"
    assert not row.draft.get("comments") and not row.draft.get("cur")


def test_long_messages(bot, api, services):
    user = api.user(5105, "zh")
    too_long_question = joined(user.say("问" * 5000))
    assert "内容过长：最多 500 个字符（您填写了 5000 个）。" in too_long_question  # the words of the web and the API
    user.say("/comment")
    user.say("第五条")
    user.press("k:amend")
    refused = joined(user.say("长" * 5001))
    assert "5000" in refused and "5001" in refused
    assert _bot_user(services, 5105).state["step"] == "comment.proposal"
    user.say("长" * 5000)
    user.say("短理由")
    user.press("more:go")
    user.press("cat:individual")
    user.press("consent:yes")
    user.say("李四")
    user.press("x:org")
    summary = user.say("13900139000")
    assert len(summary) >= 2  # split under Telegram's limit (the emulator refuses > 4096)
    assert all(len(m["text"]) <= 4096 for m in summary)
    assert "长" * 5000 in "".join(m["text"] for m in summary).replace("\n", "")
    assert "sum:cancel" in choice_ids(summary[-1:]) and any(c.startswith("sum:send:") for c in choice_ids(summary[-1:]))
    user.press("sum:send:")
    [stored] = _submission(services, "telegram:5105")
    assert stored.comments[0].proposal == "长" * 5000


def test_cancel_and_back(bot, api, services):
    user = api.user(5106, "en")
    user.say("/comment")
    user.say("art-2")
    user.press("k:amend")
    back = joined(user.say("/back"))
    assert "What kind of comment" in back
    assert _bot_user(services, 5106).state["step"] == "comment.kind"
    user.press("k:delete")
    user.press("x:proposal")
    user.say("Redundant with article 1.")
    cancelled = joined(user.say("/cancel"))
    assert "nothing was sent" in cancelled
    row = _bot_user(services, 5106)
    assert row.state["step"] == "idle" and row.draft == {}
    assert "belongs to a conversation that has ended" in joined(user.press("more:go"))
    assert _submission(services, "telegram:5106") == []
