"""A row named in a few of its words right after its table's name (issue 15, batch MM).

深度应用类里…工业数据集那项: the zone type's words name the table, not the row, and a row's closing words
(建设情况) say what is measured of it, so 工业数据集 names 工业高质量数据集建设情况, not 工业数据创新应用情况
(whose 应用 the table's name would otherwise lend it).
"""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "深度应用类表里工业数据集这项怎么打分",
    "产品创新类里那个工业数据集的指标几分",
])
def test_a_row_named_after_its_tables_name_is_that_row(q):
    assert [c["ref"] for c in answer(q).citations][0] == "annex-1/14"


def test_the_other_row_is_still_named_by_its_own_words():
    assert [c["ref"] for c in answer("工业数据应用那项几分").citations][0] == "annex-1/15"
