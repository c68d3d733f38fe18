"""A stretch whose readings, joined, spell a draft word of another length is no typo of it: 我系安 (wo xi an)
sounds like 我县 (wo xian) once the readings are run together. Such a question crashed the engine (an
IndexError, a 500 from POST /api/v1/ask) instead of being answered; questions in Cantonese or typed by
sound meet it (我系安徽人).
"""
import string

from hypothesis import given, settings, strategies as st

from guidance.answer import answer
from guidance.index import get_index
from guidance.text import normalise


def test_a_stretch_that_sounds_like_a_shorter_word_is_left_as_typed():
    text = normalise("我系安徽人,想问下点样报名")
    corrected = get_index().speller.correct(text)
    assert len(corrected) == len(text) and "安徽" in corrected


def test_such_a_question_is_answered():
    a = answer("我系安徽人,想问下点样报名")
    assert a.answer


# Characters of the draft's vocabulary and their sound-alikes, with some punctuation and Latin: random
# questions over them meet every branch of the correction.
_CHARS = "我你他系西安县现先鲜区曲去市是事示范饭申身报抱宝县城成诚园元原区开凯经金高搞新心能以亿可各格,?。 abAI"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_CHARS + string.digits, min_size=1, max_size=24))
def test_the_correction_never_fails_and_keeps_the_length(text):
    text = normalise(text)
    corrected = get_index().speller.correct(text)
    assert len(corrected) == len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_CHARS + "省村镇乡吗呢嘅唔係點樣", min_size=1, max_size=30))
def test_the_engine_answers_any_such_text(text):
    assert answer(text).answer
