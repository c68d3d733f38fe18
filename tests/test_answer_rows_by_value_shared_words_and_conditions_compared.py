"""Indicator-table and comparison patterns of the eleventh session (batches CC and DD), in wordings of our own:
rows picked by their points (哪几项是10分), rows sharing a word asked for as such (关于专利的指标有哪几项, with or
without the table), rows named in English by what they measure (regional computing capacity, how easy and
cheap compute is, open AI platforms), a first-level indicator hyphenated in English across the tables, the
types' conditions compared (each type's first condition quoted) and compared on an aspect named in English
(the platform), and the services a type's platform must offer."""
from __future__ import annotations

import pytest

from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize(("q", "refs"), [
    ("附件3里哪几项是10分?", ["annex-3/8", "annex-3/9"]),
    ("In table 1, which indicators are worth 8 points?", ["annex-1/7", "annex-1/11"]),
])
def test_rows_picked_by_their_points(q, refs):
    a = answer(q)
    assert _refs(a)[:len(refs)] == refs


def test_a_single_row_named_with_its_points_stays_that_row():
    a = answer("附件3里哪几项是10分?")
    assert _refs(a)[:2] == ["annex-3/8", "annex-3/9"]
    assert _refs(answer("附件1智能工厂那项是8分吗"))[:1] == ["annex-1/11"]


@pytest.mark.parametrize(("q", "refs"), [
    ("附件1里跟算力有关的指标有哪几项", ["annex-1/13", "annex-1/16", "annex-1/17"]),
    # no table named, and an ordinal of the rows counted, not article 2
    ("三首的指标有两条,头一条是达到国际先进水平的产品数,第二条是什么?各多少分?", ["annex-2/16", "annex-2/17"]),
])
def test_rows_sharing_a_word_asked_for_as_such(q, refs):
    a = answer(q)
    assert sorted(_refs(a)[:len(refs)]) == refs
    # a first-level indicator asked across the tables is still that indicator in each
    assert _refs(answer("产业基础在三张表里各占多少分")) == ["annex-1/1", "annex-2/1", "annex-3/2"]


@pytest.mark.parametrize(("q", "ref", "fact"), [
    ("Deep-application table, the row on how regional AI computing capacity is measured: unit and method?",
     "annex-1/16", "PFLOPS"),
    ("Deep-application table: is the row on how conveniently and cheaply firms can obtain compute qualitative?",
     "annex-1/17", "定性"),
    ("Tech-empowerment indicators: building of major open AI platforms — qualitative or quantitative, and how many "
     "points?", "annex-3/8", "10"),
])
def test_rows_named_in_english_by_what_they_measure(q, ref, fact):
    a = answer(q)
    assert _refs(a)[0] == ref and fact in a.answer


def test_a_first_level_indicator_hyphenated_in_english_across_the_tables():
    a = answer("What is the support-and-safeguards part worth in each table?")
    assert [r.split("/")[0] for r in _refs(a)] == ["annex-1", "annex-2", "annex-3"]
    assert "支撑保障" in a.answer


def test_conditions_compared_quote_each_types_first_condition():
    a = answer("深度应用类跟技术赋能类,申报条件上主要差在哪?")
    assert "在工业领域人工智能技术应用成效显著" in a.answer
    assert "第六条(三)1" in a.answer


def test_types_compared_on_the_platform_named_in_english():
    a = answer("How do the product-innovation and technology-empowerment zones differ on the platforms they must have?")
    assert _refs(a)[:2] == ["art-6.2.3", "art-6.3.2"]


@pytest.mark.parametrize("q", [
    "技术赋能示范区的平台得能给外面提供什么服务",
    "技术赋能类的平台要对外提供什么服务",
])
def test_the_services_a_types_platform_must_offer(q):
    a = answer(q)
    assert _refs(a)[0] == "art-6.3.2" and "概念验证" in a.answer
