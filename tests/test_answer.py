"""The answer engine: rules for eligibility, citations quoted exactly, declines, both languages, the CLI."""

import pytest

from consultation.document import get_consultation
from guidance.answer import answer
from guidance.evaluate import evaluate


def assert_quotes_exact(a):
    c = get_consultation()
    for cite in a.citations:
        assert cite["quote"] and cite["quote"] in c.quote(cite["ref"])


def test_eligibility_is_decided_by_the_rules():
    a = answer("我们是市级开发区,能申报吗?")
    assert a.verdict == "not_eligible" and not a.declined and a.language == "zh"
    assert a.citations[0]["ref"] == "art-3"
    assert_quotes_exact(a)
    b = answer("Can a county-level city apply?")
    assert b.verdict == "eligible" and b.language == "en"


def test_window_answer_gives_dates_and_quotes_the_notice():
    a = answer("征求意见什么时候截止")
    assert "2025年12月17日" in a.answer
    assert a.citations[0] == {"ref": "notice", "quote": "此次公开征求意见的起止时间为2025年11月18日至2025年12月17日。"}
    assert a.verdict is None


def test_mailbox_and_subject_line():
    a = answer("Which email address do I send comments to?")
    assert "chenwubiao@ahjxw.gov.cn" in a.answer
    assert "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议" in a.answer
    assert a.language == "en"


def test_points_of_an_indicator():
    a = answer("智能工厂数量多少分")
    assert a.citations[0]["ref"] == "annex-1/11"
    assert "8" in a.answer
    assert_quotes_exact(a)


def test_relevant_sentence_is_quoted():
    a = answer("不参加评估会怎么样")
    assert a.citations[0] == {"ref": "art-12", "quote": "无故不参加评估的,视为不合格。"}


@pytest.mark.parametrize("q", ["明天合肥天气怎么样", "Write me a poem about spring.", "上海的人工智能政策是什么",
                               "示范区认定后奖励多少钱", "怎么注册一家公司"])
def test_out_of_scope_is_declined_with_the_office_contact(q):
    a = answer(q)
    assert a.declined and a.verdict is None
    assert "chenwubiao@ahjxw.gov.cn" in a.answer
    assert_quotes_exact(a)


def test_empty_question_is_declined():
    assert answer("   ").declined


def test_chinese_answers_are_in_chinese():
    a = answer("示范区评估结果分几个等次")
    assert a.language == "zh" and "第十二条" in a.answer
    assert "According" not in a.answer


def test_evaluation_meets_the_targets_on_the_tuning_sets(capsys):
    """The sets the engine was built with; the held-out batch is scored (bench/README.md), not asserted."""
    result = evaluate(sets=["original", "patterns", "batch-a"])
    for part in ("original/tune", "original/heldout"):
        assert result[part]["simplified"]["top1"] >= 0.95, part
        assert result[part]["simplified"]["decline"] == 1.0, part
    for part in ("original/tune", "original/heldout", "patterns", "batch-a"):
        for variant in ("simplified", "traditional"):
            assert result[part][variant]["verdict"] == 1.0, (part, variant)
            assert result[part][variant]["false_eligible"] == 0, (part, variant)
        assert abs(result[part]["traditional"]["top1"] - result[part]["simplified"]["top1"]) <= 0.03, part
    assert "batch-a" in capsys.readouterr().out


@pytest.mark.parametrize("q", ["拿到示范区称号就是终身的吗?", "Is the designation permanent?"])
def test_whether_a_designation_lasts_is_answered_by_the_exit_mechanism(q):
    # 终身 / permanent are the asker's words for what article 11's 动态评估和退出机制 rules out
    a = answer(q)
    assert not a.declined and a.citations[0]["ref"] == "art-11", a.answer


@pytest.mark.parametrize("q", ["区里申报前,区政府需要出具同意意见吗", "开发区申报要不要管委会的审核意见"])
def test_an_officials_opinion_is_approval_not_a_public_comment(q):
    # 同意的意见 / 审核意见 is the government's or committee's approval (article 8), not a comment on the draft
    assert answer(q).citations[0]["ref"] == "art-8", answer(q).answer


def test_a_comment_on_the_draft_is_still_the_notice():
    assert answer("我对导则有意见,怎么提?").citations[0]["ref"] == "notice"


@pytest.mark.parametrize("q", ["建设方案撰写时要侧重什么", "What should the plan emphasise?"])
def test_what_the_plan_should_stress_is_article_9(q):
    # 撰写 / 侧重 / emphasise: the asker's words for article 9's 阐述 … 突出其类型特色
    a = answer(q)
    assert not a.declined and a.citations[0]["ref"] == "art-9", a.answer
