"""More question types in unfamiliar words (issue 15): the three types in English name them with the
official Chinese; applying again after revocation is not in the draft; "next year too?" is a question of
the calendar, not of eligibility; a site visit in everyday words; an English question naming a table and
a row of it gets the row.
"""
import pytest

from guidance.answer import answer


def test_the_types_in_english_give_english_names_with_the_chinese():
    a = answer("Which kinds of demonstration zone does the guideline define?")
    for zh in ("人工智能深度应用示范区", "人工智能产品创新示范区", "人工智能技术赋能示范区"):
        assert zh in a.answer
    assert "deep-application" in a.answer


def test_applying_again_after_revocation_is_declined():
    a = answer("称号被撤销了,过几年还能不能重新申报?")
    assert a.declined and "chenwubiao@ahjxw.gov.cn" in a.answer


@pytest.mark.parametrize("q", [
    "我们县今年来不及了,明年还能报吗?是不是每年都有",
    "我们区错过今年的话,下一批还能申报吗",
])
def test_when_one_may_apply_is_the_calendar(q):
    a = answer(q)
    assert a.verdict is None, a.answer
    assert a.citations[0]["ref"] == "art-7"


def test_a_site_visit_in_everyday_words():
    a = answer("评审的时候会不会有人到现场看?")
    assert not a.declined and a.citations[0]["ref"] == "art-10"
    assert "现场考察" in a.answer


def test_an_english_row_of_a_named_table():
    a = answer("In the deep application table, which unit measures regional computing power supply?")
    assert a.citations[0]["ref"] == "annex-1/16" and "PFLOPS" in a.answer


@pytest.mark.parametrize("q, ref, fact", [
    ("这次公开征求意见是哪个部门组织的?", "notice", "安徽省工业和信息化厅"),
    ("开发区申报前要经过谁同意?", "art-8", "管委会"),
    ("县里报之前要谁批准", "art-8", "本级政府"),
])
def test_who_organises_and_who_consents(q, ref, fact):
    a = answer(q)
    assert a.citations[0]["ref"] == ref and fact in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "今年的申报通知下发了没?",
    "产品创新类至少要有几家专精特新企业才够?",
    "申报截止以后还能补交材料吗",
])
def test_what_the_draft_cannot_say_is_declined(q):
    a = answer(q)
    assert a.declined and "chenwubiao@ahjxw.gov.cn" in a.answer, a.answer


def test_an_english_comparison_names_the_types_with_the_chinese():
    a = answer("What is the difference between the product innovation zone and the technology empowerment zone?")
    assert "人工智能产品创新示范区" in a.answer and "人工智能技术赋能示范区" in a.answer


def test_a_short_article_is_quoted_whole():
    a = answer("What does a zone have to submit for the evaluation?")
    assert a.citations[0]["ref"] == "art-11" and "自评估报告" in a.answer


def test_land_use_planning_is_a_condition_not_a_benefit():
    a = answer("What are the general conditions about land use and planning?")
    assert not a.declined and "国土空间规划" in a.answer


@pytest.mark.parametrize("q, ref, fact", [
    ("申报得准备哪几样东西?", "art-9", "申报书"),
    ("省里最后怎么挑出来?", "art-10", "评审"),
    ("这个导则管到哪一年?", "art-15", "2027年12月31日"),
    ("这个导则是根据什么出台的?", "art-1", "国务院关于深入实施"),
    ("评上示范区对我们有啥好处?", "art-12", "倾斜支持"),
])
def test_everyday_words_for_the_drafts_questions(q, ref, fact):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"].startswith(ref) and fact in a.answer, (a.citations, a.answer)


def test_a_category_summed_across_tables_is_the_category_not_the_totals():
    a = answer("三张指标表的支撑保障加起来一共多少分")
    assert [c["ref"] for c in a.citations] == ["annex-1/21", "annex-2/26", "annex-3/18"]


def test_english_method_only_and_words_of_the_publicity():
    a = answer("Which indicators in annex 1 are qualitative only?")
    assert [c["ref"] for c in a.citations] == ["annex-1/17", "annex-1/22", "annex-1/23"]
    b = answer("What happens after the public notice period if nobody raises an objection?")
    assert b.citations[0]["ref"] == "art-10" and "正式认定" in b.answer
