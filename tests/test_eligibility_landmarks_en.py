"""A neighbouring province's zone known by an English name whose city is spelt like an Anhui one (Suzhou
Industrial Park: 苏州 in Jiangsu, not 宿州 in Anhui) is read as that zone, so the body is in another province
(issue 15); "Suzhou" alone still names two cities and depends.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, where", [
    ("Our zone is the Suzhou Industrial Park, a national-level one. May we apply?", "Suzhou Industrial Park"),
    ("Could the Suzhou New District apply for this?", "Huqiu"),
])
def test_a_known_zone_of_another_province_is_not_eligible(q, where):
    a = answer(q)
    assert a.verdict == "not_eligible" and where in a.answer, a.answer
    assert "art-1" in [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", ["Can Suzhou apply?", "We are a national high-tech zone in Suzhou. Can we apply?"])
def test_suzhou_alone_still_depends(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer
