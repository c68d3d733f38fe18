"""A word between asking and applying (能不能去报, 可不可以也申报) still asks whether the body may apply, even
when the question asks other things too (哪一类, 什么材料) (issue 15). Asking whom to send it to is not.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "我住在歙县,像我们歙县这样的山区县能不能去报这个示范区,要是能报,走哪一类?",
    "我们是肥东县,可不可以也申报,报哪一类比较合适",
])
def test_a_word_between_still_asks_to_apply(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


def test_asking_where_to_send_is_not_asking_to_apply():
    a = answer("我们县的材料能不能去报给省里,还是先给市里")
    assert a.verdict != "eligible", a.answer
