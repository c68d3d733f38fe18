"""Eligibility asked the way busy officials ask it (issue 15, batch PP): indirectly in English (whether we
could bid for it, would a county named by its pinyin be in the running), a development zone abbreviated (ED
zone, EDZ), the firms of a county described in a long message (企业挺多), and a place said to be in Anhui that
is not. Each wording here is our own, not the batch's.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, verdict", [
    # Asked indirectly: the body wonders whether it could go or bid for the programme.
    ("We're the Susong county government and wondering if we could bid for this.", "eligible"),
    ("Our county in Anhui asked me to find out whether it should go for this programme", "eligible"),
    # A body named, not a pronoun, in the running.
    ("I work at the county bureau in Huoqiu. Would Huoqiu be in the running?", "eligible"),
    # An economic development zone, abbreviated: its level decides.
    ("Admin committee of a provincial EDZ in Chuzhou here. Are we eligible?", "eligible"),
    ("We run a municipal-level ED zone in Fuyang. Can we apply?", "not_eligible"),
])
def test_english_asks_of_named_bodies(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer
    assert not a.declined


def test_firms_described_with_a_degree_word_are_not_the_body():
    """企业挺多 says how many firms the county has; the county, named in the asker's own clause, asks."""
    q = ("你好,我是六安霍山县工信局的,最近在整理材料,我们县装备制造企业挺多,有些在上AI质检和预测性维护。"
         "想问一下我们霍山县这种情况,能不能作为创建主体?谢谢")
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert "县(市、区)" in a.answer.replace("（", "(").replace("）", ")")


@pytest.mark.parametrize("q", [
    "技术赋能类里面,参与制定人工智能标准的数量那一项几分?",
    "技術賦能類那張表裡,產業聯盟、行業協會數量占多少分?",
    "赋能类的表里牵头搞行业协会的数量怎么算分",
])
def test_the_neng_of_funeng_asks_no_may_we_apply(q):
    """赋能类 holds a 能 that is no 'can': a row of the technology-empowerment table asked for its points
    is no question about whether an association may apply."""
    a = answer(q)
    assert a.verdict is None, a.answer
    assert a.citations and a.citations[0]["ref"].startswith("annex-3/"), a.citations


@pytest.mark.parametrize("q", [
    "我们是安徽省昆山市下面的一个区,能申报吗?",
    "Our county-level city is Yiwu, Anhui province. Can we apply?",
    "我们区在安徽嘉兴,能报吗?",
])
def test_a_place_said_to_be_in_anhui_that_is_not_is_in_doubt(q):
    """The asker puts a place of another province in Anhui: where the body is stays in doubt (depends),
    neither read as Anhui (eligible) nor as the other province (not eligible)."""
    a = answer(q)
    assert a.verdict == "depends", a.answer


@pytest.mark.parametrize("q", [
    "我们是江苏昆山的一个区,能申报吗?",
    "We are a district of Jiaxing, Zhejiang. Can we apply?",
])
def test_a_place_in_its_own_province_is_still_outside(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer
