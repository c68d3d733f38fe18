"""Attachments counted, details the tables leave open, and two premises in one question (issue 15, batch GGG).

"附件有哪几个" asks for the notice's attachments, the drafting explanation among them. The tables give each
indicator's maximum, not how much earns it nor a scoring curve; the notice does not say whether each comment
gets a response or when the final text comes: declined, quoting what the draft does say. Two premises
corrected in one question (valid until 2028? comments close on November 30?) each get the draft's fact.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", ["通知附件有哪几个?", "征求意见通知里附件都有哪些文件?", "这份通知有哪几个附件"])
def test_the_attachments_are_listed(q):
    a = answer(q)
    assert "起草情况的说明" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "How much computing capacity in PFLOPS is needed to earn the full 4 points for that indicator?",
    "Is there a scoring curve for the regional intelligent computing supply indicator?",
    "区域智能算力供给能力要达到多少PFLOPS才能拿满分?",
    "Will the office send a reply to each comment, and when will the final guideline be published?",
])
def test_details_the_draft_leaves_open_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer


@pytest.mark.parametrize("q, facts", [
    ("The guideline is valid until the end of 2028, right? And the comment period closes on November 30?", ["2027", "17"]),
    ("导则有效期到2028年底对吧?意见征集11月30日截止?", ["2027", "17"]),
])
def test_two_premises_each_get_the_drafts_fact(q, facts):
    a = answer(q)
    for f in facts:
        assert f in a.answer, a.answer
