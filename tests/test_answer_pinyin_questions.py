"""A question typed in toneless pinyin is read back to the Chinese it stands for and answered as such (issue
15); a place name its sounds share with other places (suzhou: 苏州 or 宿州) is never guessed, and English
stays English.
"""
import pytest

from guidance.answer import answer
from guidance.index import get_index
from guidance.pinyin_reading import read_mixed, read_question, split


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


@pytest.mark.parametrize("q, word", [
    ("我们区的材料什么时候pingshen?", "评审"),
    ("开发区怎么shenbao", "申报"),
    ("rending以后有效期多久", "认定"),
])
def test_one_draft_word_in_pinyin_among_chinese_is_read_back(q, word):
    read = read_mixed(get_index(), q)
    assert read is not None and word in read and not any("a" <= ch <= "z" for ch in read), read


@pytest.mark.parametrize("q", [
    "我们县change了名字还能报吗",  # chang e: not a draft word
    "women县能报吗",  # wo men: 我们 is an everyday word, women is English
    "这个hang业算不算",  # one syllable is no word
    "AI企业能不能shenbao",  # other Latin in the question: it is not a Chinese run with one word missing
])
def test_english_or_short_latin_among_chinese_stays_as_typed(q):
    assert read_mixed(get_index(), q) is None


def test_a_draft_word_in_pinyin_answers_like_its_characters():
    a, b = answer("县级市能不能shenbao"), answer("县级市能不能申报")
    assert (a.verdict, [c["ref"] for c in a.citations]) == (b.verdict, [c["ref"] for c in b.citations])
