"""Questions asked in paraphrase, and details the draft does not provide (issue 15, batch N).

随时可以报还是有固定频次 / apply at any time asks how often applications run: article 7 answers it (每年组织
一次). When a round opens or closes, and an exemption from a step (免评审直接认定), are not in the draft.
A share that names an indicator and then asks its unit (…占多大比例,这一项的单位) asks for the row; the
three firsts spelt out (首台套、首批次、首版次) are the table's “三首”; whether small firms count too is
what the table's note says (只限定规上企业).
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "示范区申报是常年受理还是有固定频次?",
    "是不是一年到头随时都能报示范区?",
    "Can we apply at any time, or is there a fixed cycle?",
])
def test_any_time_or_a_fixed_cycle_is_answered_from_article_7(q):
    a = answer(q)
    assert a.citations and a.citations[0]["ref"] == "art-7", a.answer
    assert a.verdict is None and not a.declined
    assert "每年组织一次" in a.citations[0]["quote"]


@pytest.mark.parametrize("q", [
    "下一轮申报什么时候启动,几号截止?",
    "今年示范区申请几月份开始受理?",
    "When does the 2026 application window open and close?",
])
def test_when_a_round_opens_or_closes_is_declined(q):
    a = answer(q)
    assert a.declined, a.answer


def test_when_the_consultation_closes_is_still_answered():
    a = answer("征求意见哪天截止?")
    assert not a.declined and a.citations[0]["ref"] == "notice", a.answer


@pytest.mark.parametrize("q", [
    "我们是国家级高新区,能不能免于专家评审,直接授牌?",
    "已经拿过国家级试点的,有没有绿色通道,不用评审直接认定?",
    "We are already a national AI pilot zone. Can we be exempted from the expert review?",
])
def test_an_exemption_from_a_step_is_declined(q):
    a = answer(q)
    assert a.declined and a.verdict is None, a.answer


def test_what_follows_the_review_is_still_answered():
    a = answer("评审结果出来之后是直接认定吗 中间还有啥环节")
    assert not a.declined and a.citations[0]["ref"] == "art-10", a.answer


@pytest.mark.parametrize("q", [
    "技改项目中应用AI技术的占多少比例,这个指标计量单位是什么?",
    "What share of technical upgrade projects use AI? What are the unit and points for that indicator?",
])
def test_a_share_naming_the_indicator_then_its_unit_is_answered_from_the_row(q):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] == "annex-1/6"


def test_a_share_the_draft_does_not_set_is_still_declined():
    assert answer("技改项目里AI项目占比要求多少?").declined


@pytest.mark.parametrize("q", [
    "首台套智能产品在产品创新类里几分?",
    "首版次软件产品达到国际先进的,这个指标怎么计分?",
    "首批次新材料式的智能产品,假如达到国际先进水平,这项指标在产品创新类里算几分?",
])
def test_the_three_firsts_spelt_out_find_their_row(q):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] == "annex-2/16"


@pytest.mark.parametrize("q", [
    "产品创新类表里营业收入相关的数据,小微企业也要统计进去吗?",
    "产品创新类的营业收入数据,规模以下企业也计入吗?",
    "In the product-innovation table, do small firms' revenues count too?",  # guard: already answered
])
def test_whether_the_firms_left_out_count_quotes_the_tables_note(q):
    a = answer(q)
    assert "只限定规上企业" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "示范区无正当理由未参加年度综合评估,会怎么处理?",
    "建设单位没有正当理由没参加综合评估的,后果是什么",
    "如果示范区缺席了综合评估，会被怎样处理?",
])
def test_missing_the_evaluation_in_other_words_finds_article_12(q):
    """无正当理由 and 未参加/缺席 are the draft's 无故不参加 (article 12): the sanction is quoted."""
    a = answer(q)
    assert "视为不合格" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "2027年度示范区申报的截止日期是哪一天?",
    "明年申请的开始日期是几号?",
])
def test_a_rounds_dates_named_as_dates_are_declined(q):
    """申报的截止日期/开始日期 is a round's date, which only the call will set (article 7)."""
    assert answer(q).declined


def test_the_consultations_closing_date_is_still_answered():
    a = answer("征求意见的截止日期是哪天?")
    assert not a.declined and "2025年12月17日" in a.answer, a.answer
