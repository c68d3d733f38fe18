"""A part the draft does not have, asked for by number, is answered by saying so (issue 15): an article past
the last (第十八条 of fifteen) gets the count and the last article; a row number a table named by its zone
type skips (技术赋能类的表第1项) gets the gap and the rows either side, not a row its other words match.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, n", [("第十八条规定了什么?", "18"), ("Could you tell me what article 16 is about?", "16")])
def test_an_article_past_the_last_is_said_not_to_exist(q, n):
    a = answer(q)
    assert not a.declined and "15" in a.answer and n in a.answer, a.answer
    assert [c["ref"] for c in a.citations] == ["art-15"]


def test_an_article_that_exists_is_answered_as_before():
    a = answer("第十四条规定了什么?")
    assert a.citations[0]["ref"] == "art-14" and "没有第" not in a.answer


@pytest.mark.parametrize("q, gap", [
    ("深度应用类的指标表第20项是哪个指标,分值多少", "附件1没有第20项"),
    ("技术赋能类指标表第1项考什么,几分", "附件3没有第1项"),
])
def test_a_row_missing_from_a_table_named_by_its_type_is_the_gap(q, gap):
    a = answer(q)
    assert a.answer.startswith(gap), a.answer
    assert all(c["ref"].startswith(gap[:3].replace("附件", "annex-")) for c in a.citations)


@pytest.mark.parametrize("q, said", [("附件2第31项是什么指标", "附件2没有第31项"), ("What is row 30 of annex 1?", "no row 30")])
def test_a_row_past_the_last_is_said_not_to_exist(q, said):
    a = answer(q)
    assert said in a.answer and ("最后一项" in a.answer or "last row" in a.answer), a.answer
