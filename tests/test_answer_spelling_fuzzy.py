"""Typos by the sounds pinyin keyboards' fuzzy mode merges (in/ing, en/eng, an/ang, z/zh, c/ch, s/sh) are read
as the draft's word when the stretch is long enough to be no chance match (issue 15): 金开区 (jin) is 经开区
(jing), 创建组体 (zu) is 创建主体 (zhu). Two characters are never matched this way.
"""
import pytest

from guidance.answer import answer
from guidance.index import get_index
from guidance.text import normalise


@pytest.mark.parametrize("typed, meant", [
    ("滁州的国家级金开区想报名", "经开区"),
    ("我们省级金开区有没有资格", "经开区"),
    ("创建组体是谁", "创建主体"),
    ("品分标准在哪里看", "评分标准"),
])
def test_a_fuzzy_homophone_of_a_long_draft_word_is_that_word(typed, meant):
    assert meant in get_index().speller.correct(normalise(typed))


@pytest.mark.parametrize("typed", ["平分标准", "我们镇政府想问", "新兴工业化怎么理解"])
def test_words_and_short_stretches_are_not_read_fuzzily(typed):
    """平分 (ping fen) is a word of its own, 2 characters match some draft word by chance."""
    assert get_index().speller.correct(normalise(typed)) == normalise(typed)


@pytest.mark.parametrize("q", ["我们是安徽芜湖的国家级金开区,可以申报吗", "安徽滁州国家级金开区想报技术赋能类,行不行"])
def test_a_zone_typed_by_fuzzy_sound_is_read_as_the_zone(q):
    a = answer(q)
    assert a.verdict == "eligible" and "经济技术开发区" in a.answer, a.answer


def test_a_fuzzy_reading_never_makes_an_unstated_level_eligible():
    a = answer("我们是安徽芜湖的金开区,可以申报吗")
    assert a.verdict != "eligible", a.answer
