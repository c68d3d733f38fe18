"""One concept counted by a row of several annex tables, asked across the tables in any language (issue 15):
the answer cites that row in each table that has it, says which gives the most points or that they are
equal when asked, and says a table without such a row has none instead of padding in another of its rows."""
import pytest

from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", [
    "Across the three tables, how are SRDI enterprises scored?",
    "How many points do specialised and sophisticated enterprises get in each of the three tables?",
    "How is the count of little giant and SRDI firms scored in all three tables?",
    "What do the three indicator tables give for specialised, refined, distinctive and innovative enterprises?",
])
def test_srdi_enterprises_are_cited_in_each_table(q):
    a = answer(q)
    assert {"annex-1/4", "annex-2/5", "annex-3/6"} <= set(_refs(a)[:3]), (_refs(a), a.answer)
    assert a.language == "en" and all(p in a.answer for p in ("4 points", "6 points", "5 points")), a.answer


@pytest.mark.parametrize("q", [
    "Which table gives the most points for the analysis and monitoring system?",
    "Which annex has the highest score for the monitoring system?",
    "How is the analysis and monitoring system scored in each of the three tables?",
    "Is the analysis and monitoring system worth the same in all three tables?",
])
def test_the_monitoring_system_is_cited_in_each_table(q):
    a = answer(q)
    assert set(_refs(a)[:3]) == {"annex-1/23", "annex-2/29", "annex-3/21"}, (_refs(a), a.answer)
    assert "It is an indicator of Annex 1" not in a.answer


@pytest.mark.parametrize("q, said", [
    ("Which table gives the most points for the analysis and monitoring system?", "same points: 5 each"),
    ("三张表里都有分析监测体系建设情况吗,哪张分最高", "均为5分"),
    ("Do all three tables count high-tech enterprises, and which gives the most points?", "Annex table 2 gives it the most points: 6"),
])
def test_the_comparison_asked_is_said(q, said):
    a = answer(q)
    assert said in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "三类示范区的指标表里都有高新技术企业数量吗,分值一样吗",
    "高新技术企业数量在三张表里分别几分",
    "三个附件表里高新技术企业数量的分值一样不一样",
    "Do all three tables count high-tech enterprises, and is the score the same?",
])
def test_a_table_without_the_row_is_said_to_lack_it_not_padded(q):
    a = answer(q)
    refs = _refs(a)
    assert refs[:2] == ["annex-2/6", "annex-3/7"] and "annex-3/9" not in refs, (refs, a.answer)
    assert ("附件1没有这一项指标" if a.language == "zh" else "Annex table 1 has no such indicator") in a.answer, a.answer
