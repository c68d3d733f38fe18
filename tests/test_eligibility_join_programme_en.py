"""Asking to join or take part in "Anhui's programme" asks whether the body may apply (issue 15): the
province's name between the verb and the programme does not make it a question about another region.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, verdict", [
    ("We're a district of Hangzhou, Zhejiang. Could we join Anhui's programme?", "not_eligible"),
    ("We are Feidong County. May we take part in Anhui's demonstration zone scheme?", "eligible"),
])
def test_joining_the_provinces_programme_is_applying(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer
