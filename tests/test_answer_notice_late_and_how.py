"""The consultation notice answers what was asked of it (issue 15): a comment sent after the closing day is
answered with the dates and the notice's own words on sending within the set period; how to comment and by
when gets both the dates and the way (the form, by email, to the mailbox); who runs the consultation is
its publisher.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", ["截止以后发过去的意见还收吗", "我12月19日才发反馈,晚了吗", "Will comments still be accepted after the deadline?"])
def test_a_late_comment_is_answered_with_the_notice_words_on_the_period(q):
    a = answer(q)
    assert a.citations[0]["ref"] == "notice", a.answer
    assert "12月17日" in a.answer and "在规定时间内" in a.answer, a.answer


@pytest.mark.parametrize("q", ["How should we submit our feedback, and until when?",
                               "How can I send comments, and what is the deadline?"])
def test_how_and_by_when_gives_the_dates_and_the_way(q):
    a = answer(q)
    assert a.citations[0]["ref"] == "notice", a.answer
    assert "chenwubiao@" in a.answer and "17 December 2025" in a.answer and "电子邮件" in a.answer, a.answer


@pytest.mark.parametrize("q", ["Who is organising this public consultation?", "Which office runs the comment period?"])
def test_who_runs_the_consultation_is_its_publisher(q):
    a = answer(q)
    assert a.citations[0]["ref"] == "notice" and "安徽省工业和信息化厅" in a.answer, a.answer


def test_the_closing_day_alone_stays_short():
    a = answer("意见征集到哪天结束")
    assert "12月17日" in a.answer and "在规定时间内" not in a.answer, a.answer
