"""A body introduced with 有个 and then spoken of again is the body asked about (issue 15): 蒙城县有个市级工业园,
园区管委会想自己申报 asks for the park, not for 蒙城县; the park was read as merely mentioned and its level lost, so
the verdict was "depends" where the draft settles it. Only a word pointing back to the park (园区管委会, 它, 这个
高新区) makes it the body; a new subject (我们县能报吗) keeps it a mention.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, verdict", [
    ("怀远县有个县级工业园,园区管委会打算自己报示范区,能行吗", "not_eligible"),
    ("宿松县有个县里批的产业园,园区想单独申报,可以吗", "not_eligible"),
    ("颍上县有个乡镇办的工业园,该园区能不能申报示范区", "not_eligible"),
    ("郎溪县有个省级经开区,它能申报这个示范区吗", "eligible"),
    ("太和县经信局:县里有个省级经开区,县里想让它去申报,这个经开区够格吗", "eligible"),
    ("泾县有一个省级开发区,开发区管委会想自己申报,可以吗", "eligible"),
])
def test_a_park_introduced_then_spoken_of_is_the_body(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer


@pytest.mark.parametrize("q", ["我们县有个省级开发区,我们县能申报吗", "肥东县有个市级工业园,我们县能不能报"])
def test_a_park_merely_mentioned_is_not_the_body(q):
    a = answer(q)
    assert a.verdict != "eligible" or "县" in a.answer[:20], a.answer
    assert "省级以下开发区" not in a.answer[:30], a.answer
