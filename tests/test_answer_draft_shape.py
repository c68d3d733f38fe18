"""How many articles, chapters or annexed tables the draft has is counted from its structure (issue 15); a
count asked of a part (通用条件有几条) is still that part's.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", ["这份导则总共几条?", "征求意见稿一共分几章", "How many chapters does the guideline have?"])
def test_the_drafts_shape_is_counted(q):
    a = answer(q)
    assert not a.declined and "15" in a.answer and "5" in a.answer, a.answer


def test_a_parts_count_is_the_parts():
    a = answer("分类条件里深度应用类一共有几条")
    assert "15条" not in a.answer and a.citations[0]["ref"].startswith("art-6"), a.answer
