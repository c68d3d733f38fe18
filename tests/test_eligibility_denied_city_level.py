"""A county-level city said not to be a prefecture (issue 15, batch AA).

"县级市,不是地级市" says one level and denies the other: the denied level is not a second claim, so there is
no conflict and the city's own division decides. A question (不是地级市吗?) still says it is one, and a
county-level city denied (不是县级市,是地级市) stays a conflict, never read as county level.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "明光市(滁州代管)是县级市不是地级市,能报吗",
    "Mingguang is a county-level city rather than a prefecture-level city. Can it apply?",
    "Can Jieshou City apply? It is a county-level city in Fuyang, not a prefecture city.",
])
def test_a_county_level_city_denied_to_be_a_prefecture_is_eligible(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是县级市,不是地级市吗?能报吗",
    "我们不是县级市,是地级市,能报吗",
    "We are a prefecture, not a county-level city. Can we apply?",
    "我们是县级市,不是地级市,能申报吗",  # no place: which province is not said
])
def test_other_level_denials_are_not_eligible(q):
    a = answer(q)
    assert a.verdict != "eligible", a.answer
