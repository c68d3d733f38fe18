"""More patterns behind the misses of outsider batch Y (issue 15), each tested on wordings of its own.

Who drafted the text is the drafting explanation's sentence, not the notice's publisher; articles named by their
titles in English carry the titles; two bodies each doing a step (市工信局初审和省工信厅评审) are two parts, each
with its article; one first-level indicator compared across the tables for the most points is that category in
each table, the most first."""
import pytest

from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", ["导则是由哪个单位牵头起草的?", "Which department drafted this guideline?"])
def test_who_drafted_the_text_is_the_drafting_explanation(q):
    a = answer(q)
    assert _refs(a)[0] == "explanation", _refs(a)
    assert "牵头起草" in a.answer, a.answer


def test_who_publishes_the_text_stays_the_notice():
    a = answer("这份导则是哪个部门发布的?")
    assert _refs(a)[0] == "notice"


def test_articles_named_by_their_titles_in_english_carry_the_titles():
    a = answer("Where are the general conditions and where are the type-specific conditions?")
    assert _refs(a)[:2] == ["art-5", "art-6"], _refs(a)
    assert "通用条件" in a.answer and "分类条件" in a.answer, a.answer


@pytest.mark.parametrize("q", ["省工信厅评审和市工信局初审有啥区别", "市工信局的初审与省工信厅的评审,侧重点一样吗?"])
def test_two_bodies_each_doing_a_step_cite_each_step(q):
    a = answer(q)
    refs = _refs(a)
    assert "art-8" in refs[:3] and "art-10" in refs[:3], refs
    assert "初审" in a.answer and "第三方机构" in a.answer, a.answer


@pytest.mark.parametrize("q, first, others", [
    ("三张指标表里,产业基础哪一张分值最高?", "附件2：产业基础(30分)", ["附件1：产业基础(20分)", "附件3：产业基础(25分)"]),
    ("三张表里支撑保障哪张分最高", "附件1：支撑保障(15分)", ["附件2：支撑保障(15分)", "附件3：支撑保障(15分)"]),
])
def test_one_category_compared_for_the_most_points_is_that_category_in_each_table(q, first, others):
    a = answer(q)
    text = a.answer.replace(" ", "")
    assert not a.declined, a.answer
    assert text.startswith(first), a.answer
    assert all(o in text for o in others), a.answer
