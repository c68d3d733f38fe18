"""A may-we-apply asked together with the route (issue 15, batch AA).

"能直接申报省里的示范区吗?还是要通过…市工信局?" asks whether the body may apply and by which way: the verdict
answers both, since an eligible body's answer gives article 8's route through the city bureau. The named
prefecture's bureau the question routes through says nothing of the body's own level.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "天长市是滁州代管的县级市,能直接申报省里的示范区吗?还是要经过滁州市工信局?",
    "宁国市属于县级市,可以直接报省厅的示范区吗,还是先给宣城市经信局?",
])
def test_a_county_level_city_asking_the_route_gets_verdict_and_route(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert "art-8" in [c.get("ref") for c in a.citations]


@pytest.mark.parametrize("q", [
    "我们是地级市,能直接申报省里的示范区吗?还是要通过省工信厅?",
    "我们是县级市也是地级市,能直接申报示范区吗",
])
def test_the_route_asked_of_other_bodies_is_not_eligible(q):
    a = answer(q)
    assert a.verdict != "eligible", a.answer
