"""May-we-apply in the words of a contest, the rule's own term asked of a stated level, and parks a village
or town runs (issue 15, batch M).

参加…评选…可以吗 asks whether the body may apply, like 申报…可以吗: the rules decide (a body in another
province is not eligible, an Anhui county is). A body that states its level plainly and then asks whether
that counts as 省级(含以上)开发区 doubts the rule's term, not what it is. A park that a village or a town
set up is below provincial level whatever words come between the two.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, verdict", [
    ("湖南浏阳市是县级市，我们想参加这个示范区的评选，行吗", "not_eligible"),
    ("我们是福建晋江市，打算参与安徽示范区评选，可以不", "not_eligible"),
    ("我们是安徽肥西县，想参加示范区评选，可以吗", "eligible"),
    ("We are Yiwu, a county-level city in Zhejiang. Can we take part in the selection?", "not_eligible"),
    ("We are Feixi County in Anhui. Can we take part in the selection?", "eligible"),
])
def test_taking_part_in_the_selection_asks_to_apply(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer
    assert a.citations[0]["ref"] == "art-3"


@pytest.mark.parametrize("q", [
    "我们是怀宁高新技术产业开发区，安徽省政府批准设立的省级开发区，这算不算省级(含以上)开发区？",
    "庐江高新技术产业开发区是省政府批的省级开发区，是不是第三条说的省级开发区？",
    "我们是宿松的省级开发区，省政府批的，名字里没有高新两个字，属不属于省级(含以上)开发区",
])
def test_a_stated_provincial_zone_asking_about_the_rules_term_is_eligible(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们园区好像是省级的，算不算省级(含以上)开发区",
    "怀宁有个园区，就是我们，算不算省级开发区？",
])
def test_a_level_in_doubt_still_depends(q):
    assert answer(q).verdict == "depends"


@pytest.mark.parametrize("q", [
    "村里投资建了一个数字经济产业园，能不能申报示范区",
    "我们镇政府牵头建的智能装备园区，可以报吗",
    "我们村集体搞了个农产品加工园，想报这个示范区行不行",
    "Our village runs an industrial park. Can it apply?",
    "A town-run industrial park wants to apply. Is that possible?",
])
def test_a_park_a_village_or_town_set_up_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer
