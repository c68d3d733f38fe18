"""Questions of batch QQ's kinds in our own wording (issue 15): another province's scheme compared with
Anhui's, a national programme's materials, "long story" as no request for a story, a requirement asked
with a count the draft leaves open, missing a round and asking about the next, "condition 1" of a named
type in English, a bureau that might screen the application out, and a row typed whole beside a note's
words that hold more of another row.
"""
import pytest

from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", [
    "What are the steps to apply for Zhejiang's AI zones? Is it the same procedure as Anhui?",
    "Does Shanghai select its demonstration zones similar to Anhui? how does it work there",
])
def test_another_provinces_scheme_compared_with_anhui_is_declined(q):
    a = answer(q)
    assert a.declined, a.answer


def test_materials_for_a_national_programme_are_declined():
    a = answer("我们县打算申报国家级的人工智能创新应用先导区,需要准备什么材料?")
    assert a.declined, a.answer


def test_long_story_is_no_request_for_a_story():
    a = answer("Long story short: in the product-innovation table, which first-level indicator has the most points?")
    assert not a.declined, a.answer
    assert a.citations and _refs(a)[0].startswith("annex-2"), _refs(a)


def test_a_requirement_asked_with_a_count_left_open_is_answered():
    """The requirement is the answer; only the count (几个) is noted as not stated."""
    a = answer("技术赋能类的分类条件里,对赋能平台有什么要求?要几个平台?")
    assert not a.declined, a.answer
    assert _refs(a)[0].startswith("art-6.3"), _refs(a)


@pytest.mark.parametrize("q", [
    "多长时间组织一次申报?今年错过了,明年还能报吗",
    "多久报一次?错过了下一轮还可以报吗",
])
def test_missing_a_round_and_asking_about_the_next_is_the_calendar(q):
    a = answer(q)
    assert not a.declined, a.answer
    assert "art-7" in _refs(a)
    assert "每年组织一次" in a.answer


def test_late_papers_are_still_not_stated():
    a = answer("截止以后还能补交材料吗")
    assert a.declined, a.answer


@pytest.mark.parametrize("q, ref", [
    ("Deep-application type, condition 2: what does it say about platforms?", "art-6.1.2"),
    ("For the product innovation type, what is the third condition?", "art-6.2.3"),
])
def test_numbered_condition_of_a_named_type_in_english(q, ref):
    a = answer(q)
    assert _refs(a)[0] == ref, _refs(a)


def test_a_bureau_screening_the_application_out_finds_its_review():
    a = answer("市里的工信局会不会把我们筛掉?它到底管什么")
    assert "art-8" in _refs(a)[:2], _refs(a)


def test_a_row_typed_whole_beats_a_longer_row_the_rest_half_repeats():
    a = answer("工业大模型开发数量怎么计分?通过开源参与研发的企业也算吗")
    assert _refs(a)[0] == "annex-1/10", _refs(a)
