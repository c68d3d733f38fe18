"""Patterns behind the misses of outsider batch JJ (issue 15), each tested on wordings of its own.

An indicator row asked by what it measures in everyday or English words (赚了多少, 上规模的厂, 销售额,
investment growth) is that row, not its table or the row whose counted firms the question also names; a
cost or a share that is the row's own subject (租算力贵不贵, 研发经费占营收比例) is stated by the row, not a
detail left out; the grades of an evaluation (等级, 档次) are article 12's; what goes in at an evaluation
and who looks at it first is article 11's route; one row compared across tables by its method (评法) or in
English by what it measures is each table's row."""
import pytest

from guidance.answer import answer


def _first(a):
    return a.citations[0]["ref"] if a.citations else None


@pytest.mark.parametrize("q, ref", [
    ("产品创新类那张表,智能产品产业一年能挣多少那项几分?", "annex-2/3"),
    ("技术赋能表里,AI项目的investment一年增长得多快,那项按什么单位?", "annex-3/16"),
    ("深度应用那张表,县里上规模的制造企业有几家,这项多少分?", "annex-1/1"),
    ("深度应用类表里,规上工厂的营业额那一项单位是啥?", "annex-1/2"),
])
def test_a_row_asked_by_what_it_measures_in_everyday_words(q, ref):
    a = answer(q)
    assert not a.declined, a.answer
    assert _first(a) == ref, a.citations


@pytest.mark.parametrize("q, fact", [
    ("企业用算力贵不贵、花钱多少那个指标,是定量还是定性?几分?", "定性"),
    ("技术赋能表里AI研发投入占营收多少比例那项,几分?", "%"),
])
def test_a_cost_or_share_the_row_itself_measures_is_not_left_out(q, fact):
    a = answer(q)
    assert not a.declined, a.answer
    assert fact in a.answer


@pytest.mark.parametrize("q", [
    "评估之后结果有哪几档?",
    "示范区评估会评出几个等级",
])
def test_evaluation_grades_asked_as_levels_are_article_12(q):
    a = answer(q)
    assert _first(a) == "art-12", a.citations
    assert "不合格" in a.answer


def test_what_goes_in_at_an_evaluation_and_who_checks_it_first_is_article_11():
    a = answer("评估那阵子我们要递交什么,交给谁先审")
    assert _first(a) == "art-11", a.citations
    assert "自评估报告" in a.answer


def test_one_row_compared_across_tables_by_its_scoring_method():
    a = answer("专门管理机构那项,三张表评法一样不一样")
    refs = [c["ref"] for c in a.citations]
    assert {"annex-1/22", "annex-2/28", "annex-3/20"} <= set(refs), refs


def test_one_row_compared_in_english_across_two_named_tables():
    a = answer("How many points does the number of standards a zone helped draft earn in the product innovation "
               "versus the technology empowerment table?")
    refs = [c["ref"] for c in a.citations]
    assert refs[:2] == ["annex-2/15", "annex-3/13"], a.answer
