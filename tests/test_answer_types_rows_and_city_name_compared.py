"""The types compared under the article that defines them, two rows of one table set side by side, a
first-level indicator's points with its count, and a prefecture asking of its own name after the fact (issue
15, batch GGG's leftovers).

Naming article 3 while asking how the three types differ still asks each type's own item of it (art-3.1 to
art-3.3), not the article whole. Two rows of one table compared (制造业创新中心…和企业技术中心一样吗, the same
weight as) are both answered, each with its points. A first-level indicator asked with how many indicators sit
under it, in English as in Chinese, gets its count and its total. A prefecture-level city that bundles its
counties and asks "以市的名义,可以吗" / "under the city's name. Can it?" is never eligible: article 3 does not
name it, article 4 gives its bureau the role of recommending.
"""
import pytest

from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", [
    "按照第三条，深度应用、产品创新、技术赋能这三类各用一句话说说区别？",
    "根据第三条，三类示范区有什么不同",
    "Under article 3, how do the three types differ? One sentence for each.",
])
def test_types_compared_under_their_article_cite_each_types_item(q):
    refs = _refs(answer(q))
    assert {"art-3.1", "art-3.2", "art-3.3"} <= set(refs[:3]), refs


def test_the_article_alone_asked_is_still_the_article():
    assert _refs(answer("第三条说的三类示范区是哪三类"))[0] == "art-3"


@pytest.mark.parametrize("q", [
    "表2里制造业创新中心数量那个指标几分？和企业技术中心数量分值一样吗",
    "产品创新类指标表里，企业技术中心数量跟制造业创新中心数量比，哪个分高",
    "In annex 2, is the manufacturing innovation centre count worth the same as the enterprise technology centre count?",
    "Table 2: does the enterprise technology centre row carry as many points as the manufacturing innovation centre row?",
])
def test_two_rows_of_one_table_compared_are_both_answered(q):
    a = answer(q)
    assert {"annex-2/10", "annex-2/11"} <= set(_refs(a)[:2]), _refs(a)
    assert "4" in a.answer and "3" in a.answer


@pytest.mark.parametrize("q, count, points", [
    ("In the deep-application table, how many points is the application level worth, and how many indicators are under it?", "6", "40"),
    ("Annex 2: the innovation capacity first-level indicator — its points, and how many third-level indicators does it contain?", "11", "35"),
    ("附件2创新能力一级指标满分多少，含几个三级指标", "11", "35"),
])
def test_a_first_level_indicator_with_its_count(q, count, points):
    a = answer(q)
    assert _refs(a)[0].startswith("annex-"), _refs(a)
    assert count in a.answer and points in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "市政府打算把几个县整合起来打包报，以市的名义，行吗",
    "我们市里想合并三个区一起申报，以市本级名义，可以不",
    "Our prefecture-level city would bundle two counties into one application under the city's name. Can it?",
    "The city government plans to combine its counties into one bid under its own name; is that allowed?",
])
def test_a_prefecture_asking_of_its_own_name_after_the_fact_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer
    assert {"art-3", "art-4"} <= set(_refs(a)), _refs(a)
