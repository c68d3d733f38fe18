"""A question typed in toneless pinyin is read back to the Chinese it stands for and answered as such (issue
15); a place name its sounds share with other places (suzhou: 苏州 or 宿州) is never guessed, and English
stays English.
"""
import pytest

from guidance.answer import answer
from guidance.index import get_index
from guidance.pinyin_reading import read_question, split


def test_syllables_are_split_from_runs_of_letters():
    assert split("gaoxinqu") == ["gao", "xin", "qu"]
    assert split("xi'an") == ["xi", "an"]
    assert split("county") is None


@pytest.mark.parametrize("q, ref", [
    ("shen bao cai liao dou you na xie?", "art-9"),
    ("yi jian fan kui de jie zhi ri qi shi shen me shi hou", "notice"),
])
def test_a_pinyin_question_is_answered_from_the_draft(q, ref):
    a = answer(q)
    assert not a.declined and a.citations and a.citations[0]["ref"] == ref, a.answer
    assert a.language == "zh"


def test_a_pinyin_body_is_read_with_its_place():
    q = "wo men shi liu an jin zhai xian, xiang shen bao shi fan qu, ke yi ma"
    assert "六安金寨县" in read_question(get_index(), q)  # 六安 as most write it (liu an), not only lu an
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", ["wo men shi su zhou de gao xin qu, neng bu neng shen bao?",
                               "women shi suzhou de xian, neng shenbao ma?"])
def test_a_shared_place_sound_is_never_guessed(q):
    a = answer(q)
    assert a.verdict != "eligible", a.answer


def test_english_is_not_read_as_pinyin():
    a = answer("Can a county apply?")
    assert a.language == "en" and a.verdict == "eligible"
