"""Two bodies asking whether each may apply on its own (广德市和其境内的国家级经开区能否各自申报): when the
question names a county-level division of the province and a zone within it of a kind and level article 3
names, both are creation subjects and each may apply (issue 15). Anything less certain still depends: a joint
application, a limit of one, a zone whose level is not said, a county elsewhere.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, named", [
    ("天长市和天长的省级高新区两个都能报吗", "天长市"),
    ("宁国市和市里的国家级经开区,能各自申报示范区吗", "宁国市"),
    ("Can Tianchang City and its provincial high-tech zone apply separately?", "Tian"),
])
def test_a_county_and_its_zone_each_may_apply(q, named):
    a = answer(q)
    assert a.verdict == "eligible" and named in a.answer, a.answer
    assert [c["ref"] for c in a.citations][:1] == ["art-3"]


@pytest.mark.parametrize("q", [
    "天长市和天长的省级高新区能联合申报一个示范区吗",
    "宁国市和境内的国家级经开区只能报一个还是各自都能报",
    "天长市和天长的高新区两个都能报吗",
    "浙江安吉县和县里的省级经开区各自能报吗",
    "天长市和天长的省级高新区好像是省级,两个都能报吗",
])
def test_two_bodies_in_any_doubt_are_not_eligible(q):
    a = answer(q)
    assert a.verdict != "eligible", a.answer


@pytest.mark.parametrize("q", [
    "天长市和天长的省级高新区地域上有重叠,两个能各自申报吗",
    "Tianchang City and its provincial high-tech zone overlap; can both of them apply separately?",
])
def test_two_bodies_over_the_same_ground_depend(q):
    """The draft says nothing of two bodies over the same ground (its firms counted twice)."""
    a = answer(q)
    assert a.verdict == "depends", a.answer
