"""Fact questions the engine misread (issue 15): 涵盖哪些章节 is what a text covers, not whose seal (盖…章);
如何界定 asks for a definition like 是指; a date the asker names that is the consultation's (12月17号) is
said to be the consultation's, beside the answer asked for.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", ["示范区建设方案要涵盖哪些章节?", "建设方案里应该包含哪些章节内容"])
def test_what_a_plan_covers_is_answered_from_article_9(q):
    a = answer(q)
    assert not a.declined and a.citations[0]["ref"] == "art-9" and "重点项目" in a.answer, a.answer


def test_whose_seal_is_still_unstated():
    a = answer("申报书要盖哪些章")
    assert a.declined, a.answer


@pytest.mark.parametrize("q, term", [("附件2里的“智能产品”怎么界定", "软硬件产品"),
                                     ("附件1所说的工业大模型开发者如何界定", "开源")])
def test_how_a_term_is_delimited_is_its_note(q, term):
    a = answer(q)
    assert term in a.answer, a.answer


@pytest.mark.parametrize("q", ["有人说这个导则到12月17日就失效了,是真的吗", "Someone told me the guideline lapses on 17 December. True?"])
def test_the_consultations_closing_date_is_told_apart_from_validity(q):
    a = answer(q)
    refs = [c["ref"] for c in a.citations]
    assert "art-15" in refs and "notice" in refs, refs
    assert ("2027年12月31日" in a.answer or "31 December 2027" in a.answer) and (
        "2025年12月17日" in a.answer or "17 December 2025" in a.answer), a.answer
