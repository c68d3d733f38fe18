"""Whether there is another round after a missed one (今年错过了,下一批还有没有) is the yearly call of article 7
(issue 15), even when the question does not say 申报; how often the evaluation runs is not.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", ["错过今年的话下一轮什么时候", "今年来不及了,明年还会有吗"])
def test_another_round_is_the_yearly_call(q):
    a = answer(q)
    assert not a.declined and a.citations[0]["ref"] == "art-7" and "每年" in a.answer, a.answer


def test_how_often_zones_are_evaluated_is_not_the_call():
    a = answer("示范区评估每年都搞吗")
    assert not a.citations or a.citations[0]["ref"] != "art-7", a.answer
