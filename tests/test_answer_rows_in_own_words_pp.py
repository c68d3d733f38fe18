"""Indicator rows described in the asker's own words (issue 15, batch PP): a benchmark project is a thing the
tables count, not a scoring benchmark asked for; a total profit is a row, not the table's total; pilot-scale
testing is 中试验证, not a product's inspection and testing; policies already issued are the 已出台…政策 rows.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, ref, facts", [
    ("Deep-application table: how many points is the benchmark projects row worth?", "annex-1/7", ["8"]),
    ("In the product-innovation table, what unit is the total profit row counted in?", "annex-2/3", ["亿元"]),
    ("Technology-empowerment table: points for the number of pilot-scale testing platforms?", "annex-3/15", ["4"]),
    ("Product-innovation table: the number of pilot-scale testing platforms, how many points?", "annex-2/22", ["2"]),
    ("How many points do policies already issued earn in the product-innovation table?", "annex-2/26", ["2"]),
])
def test_rows_in_own_words(q, ref, facts):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations and a.citations[0]["ref"] == ref, [c["ref"] for c in a.citations]
    for f in facts:
        assert f in a.answer


def test_policies_already_issued_in_two_tables():
    q = ("Deep-application versus technology-empowerment: how do the points for policies already issued "
         "compare?")
    a = answer(q)
    refs = [c["ref"] for c in a.citations]
    assert refs[:2] == ["annex-1/21", "annex-3/18"], refs
    assert "5 points" in a.answer and "2 points" in a.answer
