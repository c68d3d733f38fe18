"""The deadline of a year's call for applications (申报截止是哪天) is not the consultation's (issue 15): the
call is announced each year by the department (article 7), so that article is cited, and the date is said
to be unstated; the consultation's own closing day still comes from the notice.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", ["今年的申报几号截止?", "下一批几月几日开始申报", "示范区申报的截止日期定了没有"])
def test_the_call_deadline_cites_article_7(q):
    a = answer(q)
    assert a.citations and a.citations[0]["ref"] == "art-7", (a.answer, [c["ref"] for c in a.citations])
    assert "2025年12月17日" not in a.answer.split("相关的规定是")[0], a.answer


@pytest.mark.parametrize("q", ["意见反馈截止到几号", "征求意见的截止日期是哪天"])
def test_the_consultation_deadline_stays_with_the_notice(q):
    a = answer(q)
    assert a.citations[0]["ref"] == "notice" and "12月17日" in a.answer, a.answer
