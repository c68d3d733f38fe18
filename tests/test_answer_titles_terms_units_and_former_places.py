"""Patterns from batch VV in other words (issue 15, fifteenth session): the feedback form named by what one does
with it, units said in English, firms counted by what they use, a later part of a question asked of an article
already said, the
municipal bureau recommending applications to the provincial department, which of two bodies is the applying
body (no verdict), the types' titles compared, the conditions compared with the item that names each type, and
a county's former province said only as its history.
"""
import pytest

from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", [
    "What is the form we fill out to give feedback called?",
    "Tell me the name of the form for submitting comments.",
])
def test_the_form_named_by_its_use(q):
    a = answer(q)
    assert _refs(a)[0] == "notice" and "feedback form" in a.answer


def test_a_unit_is_said_in_english_too():
    a = answer("In the deep application scoring table, what unit does row 2 use?")
    assert "100 million yuan" in a.answer


def test_a_count_unit_is_glossed_in_english():
    a = answer("For the product innovation sheet, what unit does item 1 use?")
    assert "个 (a count)" in a.answer


def test_chinese_units_stay_as_they_are():
    a = answer("人工智能产业营收用什么单位")
    assert "亿元" in a.answer and "million" not in a.answer


def test_firms_counted_by_what_they_use():
    a = answer("How many points go to the count of companies that use industrial large models?")
    assert _refs(a)[0] == "annex-1/8"


def test_a_later_part_asked_of_an_article_already_said():
    a = answer("我们县想报,先交给谁?专家谁来评?最终怎么敲定名单?")
    assert "art-10" in _refs(a) and "公示" in a.answer


@pytest.mark.parametrize("q", [
    "Which body recommends application materials to the provincial department?",
    "Who recommended the applications to the provincial authority?",
])
def test_recommending_applications_to_the_province_is_article_8(q):
    a = answer(q)
    assert _refs(a)[0] == "art-8" and "bureau" in a.answer


@pytest.mark.parametrize("q", [
    "高新区来报的话,申报主体应该是管委会还是经发局?",
    "Is the applying body the park's administrative committee or its industry bureau?",
])
def test_which_of_two_bodies_files_gets_no_verdict(q):
    a = answer(q)
    assert _refs(a)[0] == "art-8" and a.verdict is None


@pytest.mark.parametrize("q", [
    "深度应用类和技术赋能类拿到的牌子叫法有什么不同",
    "How do the titles of the three kinds of zone differ once recognised?",
])
def test_the_types_titles_compared(q):
    a = answer(q)
    assert _refs(a)[0] == "art-10" and "深度应用类" in a.answer and "技术赋能类" in a.answer


def test_conditions_compared_quote_the_item_naming_the_type():
    a = answer("深度应用类跟技术赋能类的分类条件差在哪里?")
    assert "技术赋能平台" in a.answer


def test_a_former_province_said_as_history_is_not_where_the_county_is():
    a = answer("砀山县早年属于河南,我们现在是宿州市砀山县,能不能申报")
    assert a.verdict == "eligible"


@pytest.mark.parametrize("q", [
    "我们以前是安徽的,现在是江苏徐州的丰县,能报吗",
    "我们是徐州丰县的,以前归安徽管,能申报吗",
    "我们砀山县过去属于河南商丘,能申报吗",
])
def test_history_never_makes_a_body_elsewhere_eligible(q):
    assert answer(q).verdict != "eligible"
