"""Another province's place named only to deny it (issue 15, batch AA).

"不是河南的固始县" denies 河南 and the 固始县 it qualifies alike: neither is where the body is, so the
province's own county the question names decides. A place said after the denial in a clause of its own
(不是河南的,是信阳固始县的) is still the body's.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "我们是六安的霍邱县,不是河南的固始县,能申报吗",
    "颍上县能报吗,阜阳的,不是河南省那个商城县",
])
def test_a_place_qualified_by_a_denied_province_is_denied_too(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们不是河南的,是信阳固始县的,能申报吗",
    "我们是江苏沛县的,不是安徽的萧县,能报吗",
])
def test_the_place_said_beside_the_denial_still_places_the_body(q):
    a = answer(q)
    assert a.verdict != "eligible", a.answer
