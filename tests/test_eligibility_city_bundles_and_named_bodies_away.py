"""A prefecture applying in its own name, a county placed under a named prefecture, and a named body of another
province (issue 15, batch GGG).

A prefecture-level city that gathers its districts or counties into one application in the city's name is the
city applying: article 3 does not name it, and article 4 gives its bureau the role of cultivating and
recommending. A county or district "under" a named prefecture of the province (宿州市下面一个县) is a unit of that
city, not the city said to be county-level. A body named with its place in another province (Shanghai's Minhang
District; a zone in Jiangsu whose firms have factories in Anhui) is there, whatever else the question mentions.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "市政府牵头,把下辖的两个县整合起来,以市政府的名义申报,行不行?",
    "设区的市想整合三个区,以市的名义申报示范区,可以吗?",
    "市里想把下面四个区县打包,以市的名义统一申报,可以吗",
    "The city government wants to bundle three districts into one zone and apply in the city's name. Is that allowed?",
    "Can a prefecture-level city bundle three of its districts and apply in its own name?",
])
def test_a_prefecture_bundling_its_units_in_its_own_name_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是芜湖市下辖的一个区,能申报吗?",
    "我们是宿州市下面一个县,能不能作为创建主体申报?",
    "我们是阜阳底下的一个县级市,可以报吗",
])
def test_a_unit_under_a_named_prefecture_of_the_province_is_eligible(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是滁州市,也是县级市,能报吗",  # the city itself said to be both levels
    "我们是X市下辖的一个区,能申报吗?",  # no named prefecture: not positively placed
])
def test_a_unit_not_placed_by_a_named_prefecture_stays_undecided(q):
    assert answer(q).verdict == "depends"


@pytest.mark.parametrize("q", [
    "Is Shanghai's Minhang District eligible?",
    "Hangzhou's Yuhang District is a district like any in article 3. Can Yuhang apply?",
    "We are a national high-tech zone in Zhejiang; several of our firms have plants in Anhui. Can we apply?",
    "Our county in Jiangsu has projects in Anhui. Can we apply under the Anhui guideline?",
])
def test_a_named_body_of_another_province_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", ["Hefei's Shushan District: can it apply?", "Wuhu's Jiujiang District, can we apply?"])
def test_a_possessive_place_of_the_province_still_places_the_body(q):
    assert answer(q).verdict == "eligible"
