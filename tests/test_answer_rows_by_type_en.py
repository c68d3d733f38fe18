"""A row asked by its number in a table named in English by its zone type (row 5 of the product innovation
table) is that annex's row, as 产品创新类指标表第5项 is (issue 15).
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, ref", [
    ("Which indicator is row 4 in the product innovation zone table, and its points?", "annex-2/4"),
    ("The technology empowerment scoring table, item 6: what is it?", "annex-3/6"),
])
def test_a_row_of_a_table_named_by_type_in_english(q, ref):
    a = answer(q)
    assert a.citations and a.citations[0]["ref"] == ref, a.answer


@pytest.mark.parametrize("q, ref", [("Which unit does row 11 in annex 2 use?", "annex-2/11"),
                                    ("Points for item 4 of table 1?", "annex-1/4")])
def test_a_row_of_a_numbered_annex_said_row_first(q, ref):
    a = answer(q)
    assert a.citations and a.citations[0]["ref"] == ref, a.answer
