"""Commenting asked by those who cannot apply, thresholds the tables do not set, other regions compared
with Anhui, and a choice of frequencies the draft does not make (issue 15, batch M).

Who may comment is the notice's question (现向社会公开征求意见), even from a body that says it cannot
apply. A minimum value of an indicator needed to apply or qualify is not in the draft: the rows carry
points only. Another province's policy stays out of scope when Anhui is named only to compare. Whether
the evaluation runs every year or every two is unsaid (定期): article 7's 每年 is about applications.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "我们公司报不了示范区，那公司可以提意见吗",
    "高校不能申报的话，能不能对导则提建议",
    "个人没资格申报，那个人能不能反馈意见",
    "We're a company and can't apply; can we still comment on the draft?",
])
def test_commenting_is_the_notices_question_even_for_a_body_that_cannot_apply(q):
    a = answer(q)
    assert a.verdict is None, a.answer
    assert a.citations[0]["ref"] == "notice", a.citations
    assert "现向社会公开征求意见" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "What is the minimum computing capacity a zone needs to be eligible?",
    "Is there a minimum number of PFLOPS required to apply?",
    "算力最低要达到多少PFLOPS才能申报",
])
def test_a_minimum_value_to_qualify_is_declined(q):
    a = answer(q)
    assert a.declined and a.verdict is None, a.answer


@pytest.mark.parametrize("q", [
    "上海有没有类似的示范区政策？跟安徽的比有什么不同",
    "浙江、江苏的同类导则和安徽这个相比，哪个要求高",
    "广东有类似文件吗，与安徽的有何区别",
])
def test_other_regions_compared_with_anhui_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer


@pytest.mark.parametrize("q", [
    "综合评估多长时间组织一次，一年还是两年？",
    "动态评估隔多久评一次，每年还是三年",
    "示范区评估是一年一次还是两年一次",
])
def test_a_choice_of_evaluation_frequencies_is_declined(q):
    a = answer(q)
    assert a.declined, a.answer
    assert a.citations[0]["ref"] == "art-11"


def test_how_often_applications_run_is_still_answered():
    a = answer("申报多长时间组织一次，每年还是两年？")
    assert not a.declined and "每年" in a.answer


@pytest.mark.parametrize("q, ref", [
    ("通用条件里第二条说的是什么", "art-5.2"),
    ("导则通用条件的第三条讲了什么", "art-5.3"),
    ("分类条件第一条是什么", "art-6.1"),
    ("产品创新类分类条件第一条是什么", "art-6.2.1"),  # a zone type's conditions keep their own items
])
def test_an_item_numbered_after_an_articles_title_is_that_articles_item(q, ref):
    assert answer(q).citations[0]["ref"] == ref


@pytest.mark.parametrize("q, ref", [
    ("产品创新类指标表第3项是什么", "annex-2/3"),
    ("深度应用类的表第5项几分", "annex-1/5"),
    ("产品创新示范区创建指标表第二项是什么", "annex-2/2"),
])
def test_a_row_of_a_table_named_by_its_zone_type(q, ref):
    assert answer(q).citations[0]["ref"] == ref


@pytest.mark.parametrize("q", ["技术赋能类指标表第1项是啥?", "技术赋能表第一项是什么"])
def test_a_row_a_table_named_by_its_type_skips_is_said_to_be_missing(q):
    a = answer(q)
    assert "没有第1项" in a.answer, a.answer
