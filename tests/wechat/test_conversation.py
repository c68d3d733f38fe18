"""Whole conversations through the real /wechat route, in plain and in safe mode."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consultation.models import Submission

from .script import COMMENT_SCRIPT_ZH, RECEIPT_URL, pick_number


def play(server, openid: str, script, last: str = "") -> list[str]:
    """Run a script through the simulated WeChat server; returns every reply text."""
    texts = []
    for action, value in script:
        if action == "command":
            answer = server.say(openid, f"/{value}")
        elif action == "pick":
            answer = server.say(openid, str(pick_number(last, value)))
        else:
            answer = server.say(openid, value)
        assert answer.status == 200, (action, value, answer.body)
        last = answer.content
        texts.append(last)
    return texts


def stored(services, reference):
    with services.session() as s:
        return s.scalars(select(Submission).options(selectinload(Submission.comments))
                         .where(Submission.reference == reference)).one()


def check_receipt(services, client, texts, openid):
    match = RECEIPT_URL.search(texts[-1])
    assert match, texts[-1]
    reference, token = match.groups()
    assert reference in texts[-1]
    sub = stored(services, reference)
    assert sub.channel == "wechat"
    assert sub.account == f"wechat:{openid}"
    assert sub.locale == "zh_CN"
    assert [(c.target_ref, c.kind) for c in sub.comments] == [("art-3", "amend")]
    assert sub.comments[0].original_text == services.consultation.quote("art-3")
    assert sub.phone == "+8613800138000" and sub.email == "zhangsan@example.com"
    response = client.get(f"/api/v1/feedback/{reference}?token={token}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["reference"] == reference and body["channel"] == "wechat"
    assert body["comments"][0]["proposal"] == COMMENT_SCRIPT_ZH[3][1]
    assert client.get(f"/api/v1/feedback/{reference}?token={'0' * 32}").status_code == 404
    return sub


def test_comment_conversation_in_chinese(wechat, wechat_app, services):
    texts = play(wechat, "o-zhang", COMMENT_SCRIPT_ZH)
    assert "第三条" in texts[1] and services.consultation.quote("art-3")[:20] in texts[1]
    check_receipt(services, wechat_app.test_client(), texts, "o-zhang")


def test_comment_conversation_in_safe_mode(wechat_safe, safe_app, services):
    texts = play(wechat_safe, "o-safe-zhang", COMMENT_SCRIPT_ZH)
    check_receipt(services, safe_app.test_client(), texts, "o-safe-zhang")


def test_menu_click_starts_the_comment_flow(wechat):
    answer = wechat.event("o-menu", "CLICK", "m:comment")
    assert "第三条" in answer.content  # the prompt shows how to type a reference
    answer = wechat.say("o-menu", "附件1第16项")
    assert "区域智能算力供给能力" in answer.content  # the row's exact text, quoted


def test_closed_window_refuses_before_typing(wechat, services):
    from tests.conftest import set_now

    set_now(services, "2025-12-18T09:00:00+08:00")
    answer = wechat.event("o-late", "CLICK", "m:comment")
    assert "2025" in answer.content
    with services.session() as s:
        assert s.scalars(select(Submission)).first() is None


def test_bad_input_is_answered_and_nothing_stored(wechat, services):
    play(wechat, "o-typo", COMMENT_SCRIPT_ZH[:1])
    answer = wechat.say("o-typo", "第九十九条")
    assert "第九十九条" in answer.content  # "… is not a part of the draft I know"
    long_text = "长" * 6000
    answer = wechat.say("o-typo", long_text)
    assert answer.status == 200
    with services.session() as s:
        assert s.scalars(select(Submission)).first() is None


def test_a_question_is_answered_with_citations(wechat, services):
    """The answer engine's citations, by their official labels, each a numbered choice that shows the text."""
    from guidance.answer import answer as engine

    from consultation.references import label as node_label

    from .script import numbered_choices

    question = "我们是省级高新区,可以申报哪一类示范区?"
    expected = [c["ref"] if isinstance(c, dict) else c for c in engine(question).citations]
    assert expected, "the engine cites nothing for an eligibility question"
    answer = wechat.say("o-ask", question)
    content = answer.content
    choices = numbered_choices(content)
    c = services.consultation
    for ref in expected:
        name = node_label(c.node(ref), "zh_CN")
        assert name in content  # cited by its official label
        assert name in choices  # and offered as "回复 N：<label>"
    shown = wechat.say("o-ask", str(choices[node_label(c.node(expected[0]), "zh_CN")]))
    assert c.quote(expected[0]).splitlines()[0] in shown.content  # the exact text of the cited part


def test_a_typed_number_is_data_where_the_step_takes_numbers(wechat, services):
    """At the points step "1" is one point, not option 1 ("Skip"); options there are "#1"."""
    script = list(COMMENT_SCRIPT_ZH)
    script[1] = ("type", "附件1第16项")
    texts = play(wechat, "o-points", script[:5])
    assert "回复 #1" in texts[-1]  # the points prompt numbers its options with #
    answer = wechat.say("o-points", "1")
    assert answer.status == 200
    texts = play(wechat, "o-points", script[5:], last=answer.content)
    reference = RECEIPT_URL.search(texts[-1]).group(1)
    sub = stored(services, reference)
    assert [(c.target_ref, c.proposed_points) for c in sub.comments] == [("annex-1/16", 1)]


def test_hash_number_picks_the_option_at_the_points_step(wechat, services):
    script = list(COMMENT_SCRIPT_ZH)
    script[1] = ("type", "附件1第16项")
    texts = play(wechat, "o-skip", script[:5])
    skip = pick_number(texts[-1], "Skip")
    texts = play(wechat, "o-skip", [("type", f"#{skip}")])
    texts = play(wechat, "o-skip", script[5:], last=texts[-1])
    sub = stored(services, RECEIPT_URL.search(texts[-1]).group(1))
    assert [(c.target_ref, c.proposed_points) for c in sub.comments] == [("annex-1/16", None)]


def test_language_switch_to_english(wechat):
    answer = wechat.event("o-en", "CLICK", "m:lang")
    answer = wechat.say("o-en", str(pick_number(answer.content, "English")))
    assert "English" in answer.content
    answer = wechat.event("o-en", "CLICK", "m:help")
    assert "Reply 1: " in answer.content and "回复" not in answer.content


def test_self_check_on_wechat(wechat, wechat_app):
    """Choices by number, numbers as data ("1" is one, not option 1 "previous question"), a result with its link."""
    import re

    runtime = wechat_app.extensions["wechat"]
    counter = re.compile(r"\((\d+)/(\d+)\)")
    answer = wechat.event("o-sc", "CLICK", "m:selfcheck")
    numeric_seen = 0
    for _ in range(80):
        last = runtime.adapter.last_reply("o-sc")
        if last.step != "selfcheck":
            break
        if last.expects == "number":
            position = counter.search(answer.content).group(1)
            retry = wechat.say("o-sc", "abc")
            assert counter.search(retry.content).group(1) == position  # re-asked in place
            answer = wechat.say("o-sc", "1")
            assert int(counter.search(answer.content).group(1)) == int(position) + 1 or \
                runtime.adapter.last_reply("o-sc").step != "selfcheck"
            numeric_seen += 1
        else:
            answer = wechat.say("o-sc", "1")
        assert answer.status == 200
    else:
        pytest.fail("the self-check did not end")
    assert numeric_seen > 0
    assert "http" in answer.content  # the link to the full printable report on the web


def test_commands_are_named_as_wechat_users_type_them(wechat):
    """WeChat users type words, not Telegram's slash commands: the help and the consent refusal name 返回 and
    取消 (which work as typed), in the user's language."""
    help_text = wechat.say("o-words", "帮助").content
    refusal = play(wechat, "o-words", COMMENT_SCRIPT_ZH[:7] + [("pick", "I do not agree")])[-1]
    for text in (help_text, refusal):
        assert "/back" not in text and "/cancel" not in text, text
    assert "“返回”" in refusal and "“取消”" in refusal and "“取消”" in help_text
    back = wechat.say("o-words", "返回")  # the word it names works
    assert "/back" not in back.content and back.status == 200
    wechat.say("o-words-en", "language")
    english = wechat.say("o-words-en", str(pick_number(wechat.say("o-words-en", "language").content, "English")))
    assert english.status == 200
    help_en = wechat.say("o-words-en", "help").content
    assert '"cancel"' in help_en and "/cancel" not in help_en


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_a_bare_number_is_no_language_signal(wechat, locale):
    """A Chinese user replying "2" to a greeting that offers only 1 gets a Chinese answer (and an English user
    an English one): digits say nothing about the language."""
    import re

    openid = f"o-digit-{locale}"
    if locale == "en":
        choose = wechat.say(openid, "language")
        wechat.say(openid, str(pick_number(choose.content, "English")))
    greeting = wechat.say(openid, "你好" if locale == "zh_CN" else "hello")
    offered = len(re.findall(r"^(?:回复|Reply) #?\d+", greeting.content, re.M))
    answer = wechat.say(openid, str(offered + 1)).content  # a number the greeting does not offer
    body = answer.split("\n")[0]
    english_words = re.findall(r"[A-Za-z]{4,}", body)
    if locale == "zh_CN":
        assert re.search(r"[\u4e00-\u9fff]", body) and not english_words, answer
    else:
        assert len(english_words) >= 3, answer
