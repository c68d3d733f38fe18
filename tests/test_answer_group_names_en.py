"""English answers name the tables' second-level indicators (二级指标) in English with the official Chinese
quoted beside them (issue 15): a row answer said “(Industrial base, 20 points, 智能化基础)”, Chinese alone in an
English sentence. Every group of every table has its English in guidance/data/profile.yaml.
"""
import re

import pytest

from guidance.answer import answer
from guidance.index import get_index


def _groups():
    c = get_index().consultation
    out = {}
    for annex in c.source.annexes:
        for r in annex.rows:
            out.setdefault((annex.number, r.group), r.number)
    return sorted(out.items())


def _bare_chinese_groups(text: str) -> list[str]:
    """The group names the text gives without their English right before them."""
    english = get_index().profile.data.groups_en
    names = {g for _, g in (k for k, _ in _groups())}
    bare = []
    for name in names:
        for m in re.finditer(re.escape(name), text):
            before = text[max(0, m.start() - len(english.get(name, "\0")) - 4):m.start()]
            if name not in english or english[name] not in before:
                # inside a longer quoted indicator (研发人员占比 holds no group) it is the row's wording
                if not re.search(r"“[^”]*$", text[:m.start()]) or text[m.start() - 1] == "“":
                    bare.append(name)
    return bare


def test_every_group_of_every_table_has_its_english():
    english = get_index().profile.data.groups_en
    assert [g for (_, g), _ in _groups() if g not in english] == []


@pytest.mark.parametrize("annex, group, row", [(a, g, r) for (a, g), r in _groups()])
def test_a_row_answer_in_english_gives_the_group_in_english(annex, group, row):
    a = answer(f"How many points is row {row} of annex {annex} worth?")
    assert a.language == "en" and f"annex-{annex}/{row}" in [c["ref"] for c in a.citations], a.answer
    english = get_index().profile.data.groups_en[group]
    assert f"{english} (“{group}”)" in a.answer, a.answer
    assert _bare_chinese_groups(a.answer) == [], a.answer


@pytest.mark.parametrize("q", [
    "What are the second-level indicators of annex {n}?",
    "Which indicators does annex {n} list, and how many points each?",
    "How many points does policy support carry in annex {n}?",
    "Which quantitative indicators are in annex {n}?",
])
@pytest.mark.parametrize("n", [1, 2, 3])
def test_an_english_question_about_a_tables_groups_gets_no_chinese_name_alone(q, n):
    a = answer(q.format(n=n))
    assert _bare_chinese_groups(a.answer) == [], a.answer
