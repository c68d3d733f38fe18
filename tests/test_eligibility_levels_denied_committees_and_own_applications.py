"""Levels denied in English, a zone's committee, and a zone applying on its own (issue 15, batch GGG).

"Never approved at provincial level" denies the provincial level: a municipal park so described has one level,
below the province, and is not a creation subject (article 3). A zone's administrative committee (管委会) has
no type of its own: the zone the question names gives it. "Separately from the county" is the zone applying on
its own (单独申报), not two bodies each applying.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "Our park in Hefei is municipal-level and was never approved by the province. Eligible?",
    "Our county-run park in Wuhu has not been approved at provincial level. Can it apply?",
    "The industrial park we manage in Bengbu was set up by the city and never approved at provincial level. "
    "Can it apply?",
])
def test_a_park_never_approved_at_provincial_level_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "請問安徽省內的國家級經濟技術開發區,管委會可不可以申報產品創新示範區?",
    "请问安徽省内的国家级高新技术产业开发区,管委会可不可以申报技术赋能示范区?",
])
def test_a_committee_takes_the_type_of_the_zone_named(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", ["请问我们园区管委会可不可以申报?", "请问合肥的一个产业园,管委会可不可以申报?"])
def test_a_committee_of_an_untyped_park_stays_undecided(q):
    assert answer(q).verdict == "depends"


@pytest.mark.parametrize("q", [
    "We are a provincial high-tech zone in Anhui located within a county; could we apply separately from the "
    "county, and to whom do we submit?",
    "Our provincial-level high-tech zone in Anhui lies inside a county. May the zone's committee apply "
    "independently of the county government?",
])
def test_a_zone_applying_on_its_own_gets_its_verdict_and_route(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert {"art-3", "art-8"} <= {c["ref"] for c in a.citations}
