"""A question for a table's second-level indicators (二级指标) gets them, under each first-level indicator with
their points (the sum of their rows), in the table's order; before, it got only the first-level summary.
English answers name them in English with the official Chinese quoted."""
import re

import pytest

from guidance.answer import answer
from guidance.index import get_index


def _groups(table_number):
    table = get_index().consultation.source.annexes[table_number - 1]
    seen = {}
    for r in table.rows:
        seen.setdefault(r.group, 0)
        seen[r.group] += r.points
    return seen


@pytest.mark.parametrize("q, table", [
    ("深度应用那张表的二级指标分别是什么", 1),
    ("附件二一共有几个二级指标，各多少分", 2),
    ("技術賦能類的二級指標有哪些？", 3),
])
def test_the_groups_of_the_table_asked_are_listed_with_their_points(q, table):
    a = answer(q)
    assert a.citations[0]["ref"].split("/")[0] == f"annex-{table}", a.citations
    for group, points in _groups(table).items():
        assert f"{group}({points}分)" in a.answer, (group, a.answer)


@pytest.mark.parametrize("q, table", [
    ("Which second-level indicators does the product innovation table have?", 2),
    ("List the second-level indicators in annex table 3, please.", 3),
])
def test_english_answers_name_each_group_in_english_with_its_chinese(q, table):
    a = answer(q)
    assert a.language == "en"
    for group, points in _groups(table).items():
        assert re.search(rf"“{re.escape(group)}”\)? {points} points", a.answer), (group, a.answer)


def test_a_table_asked_without_its_groups_keeps_the_first_level_summary():
    a = answer("附件1有哪些一级指标")
    assert "制造业发展基础" not in a.answer and "产业基础(20分)" in a.answer
