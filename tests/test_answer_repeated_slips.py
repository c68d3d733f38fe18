"""A slip made once is made again (issue 15): 申包 corrected to 申报 makes 包 alone 报 in the same question
(啥时候包, 包给谁), never inside a word (包括) and never a common character read into another word (撤县设市 is
not 设施); and a may-we-apply question that also asks to whom it goes gets article 8 besides the verdict.
"""
import pytest

from guidance.answer import answer
from guidance.index import get_index
from guidance.text import normalise


@pytest.mark.parametrize("typed, meant", [
    ("想申包示范区,材料包给谁", "想申报示范区,材料报给谁"),
    ("申抱示范区前要抱哪些材料", "申报示范区前要报哪些材料"),
])
def test_a_slip_is_corrected_wherever_it_stands_alone(typed, meant):
    assert get_index().speller.correct(normalise(typed)) == meant


@pytest.mark.parametrize("typed, kept", [("申包材料包括哪些", "包括"), ("芜湖无为市是撤县设市的,能申报吗", "无为市")])
def test_a_word_and_a_common_character_are_kept(typed, kept):
    assert kept in get_index().speller.correct(normalise(typed))


def test_to_whom_is_answered_beside_the_verdict():
    a = answer("我们县能不能申包,包给谁")
    refs = [c["ref"] for c in a.citations]
    assert a.verdict == "depends" and "art-8" in refs and "向所在市工信局提交申报材料" in a.answer, a.answer
