"""Typo correction by sound never cuts a common word (issue 15): 要交多少钱 is not 要角度少钱 (交多 sounds
like 角度, but 多少 is a word), while real slips (申抱, 资各, 评古) are still corrected.
"""
import pytest

from guidance.answer import answer
from guidance.index import get_index
from guidance.text import normalise


@pytest.mark.parametrize("typed, meant", [
    ("申报要交多少钱", "申报要交多少钱"),
    ("评审要交多少费用", "评审要交多少费用"),
    ("我们市有资各报这个示范区吗", "我们市有资格报这个示范区吗"),
    ("自评古报告交给谁", "自评估报告交给谁"),
    ("县里能申抱吗", "县里能申报吗"),
])
def test_a_correction_never_cuts_a_common_word(typed, meant):
    assert get_index().speller.correct(normalise(typed)) == meant


def test_a_question_about_money_is_declined_not_misread():
    a = answer("申报要交多少钱")
    assert a.declined and "chenwubiao@ahjxw.gov.cn" in a.answer


@pytest.mark.parametrize("typed", [
    "这次能以园区名义申报示范区吗",
    "我们想以园区的名义报",
    "可以以园区为单位申报吗",
])
def test_a_correction_never_cuts_a_word_of_the_draft(typed):
    """以园区 sounds like 亿元区, but 园区 is the draft's own word: nothing is corrected."""
    assert get_index().speller.correct(normalise(typed)) == normalise(typed)


@pytest.mark.parametrize("q", ["意见发到哪个油箱?", "征求意见的油箱地址是什么", "反馈表填完发哪个游箱"])
def test_the_mailbox_typed_as_its_homophone_is_the_mailbox(q):
    """油箱 / 游箱 for 邮箱: a common word (a fuel tank) that the speller leaves alone, but no question here asks
    about a fuel tank."""
    a = answer(q)
    assert "chenwubiao@ahjxw.gov.cn" in a.answer and not a.declined, a.answer


def test_a_typed_unit_word_is_never_corrected_away():
    from guidance.index import get_index
    from guidance.text import normalise

    speller = get_index().speller
    for q in ("铜陵枞阳县经信局,我们县想申报深度应用类", "我们区想报技术赋能类"):
        assert speller.correct(normalise(q)).count("县") + speller.correct(normalise(q)).count("区") == (
            q.count("县") + q.count("区"))
