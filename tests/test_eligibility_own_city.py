"""The asker's own city (我们市经信局, 本市, 我市) is the city the question names, of the level it gives: a
county-level city's bureau speaking of "our city" says nothing of a prefecture, so it is no second level
(issue 15). A city said to be both county-level and prefecture-level still depends.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "巢湖是合肥代管的县级市,本市工信局能牵头申报示范区吗",
    "宁国市属于宣城代管的县级市,咱们市经信局想自己报,行吗",
    "明光市是滁州代管的县级市,我市经信局可以作为申报主体吗",
])
def test_our_city_is_the_county_level_city_named(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是县级市,但是我们也是地级市,我市经信局能申报吗",
    "我们是宿州市,本市经信局能申报吗",
])
def test_our_city_never_settles_a_level_in_doubt(q):
    a = answer(q)
    assert a.verdict != "eligible", a.answer
