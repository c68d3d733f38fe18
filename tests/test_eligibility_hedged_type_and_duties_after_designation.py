"""A hedge on what the body is, and a named body asking its duties once designated (issue 15).

A body that only supposes its own type or level (应该算区吧, 应该属于省级开发区吧, I'd say we count as a district)
has not said what it is: "it depends", saying what decides it, never "eligible". Words that only presume the
rule (应该可以报吧) or describe the body's size (算是比较大的县) hedge nothing about what it is.

A named body asking what it must report or how it is managed once designated asks article 13 (定期向省、市工业和
信息化主管部门报送进展情况), not whether it may apply: no verdict. Wanting to be designated (想被认定为示范区,能报吗)
stays a may-we-apply.
"""
import pytest

from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", [
    "我们是六安的叶集区,应该算市辖区吧?能不能申报",
    "宁国这边应该算是县级市吧,我们可以报示范区吗",
    "池州经开区应该属于省级开发区吧,能申报吗?",
    "我们是肥东县,应该也算县,有资格申报吗",
    "蜀山区算是市辖区吧?能不能报",
    "We are Feidong County. I'd say we count as a county, can we apply?",
    "This is the Yeji district office; we should count as a district. Are we eligible?",
    "We're the Chizhou ETDZ, presumably a provincial-level zone. Can we apply?",
])
def test_a_hedge_on_the_bodys_type_or_level_depends(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer
    assert _refs(a)[0] == "art-3", _refs(a)


@pytest.mark.parametrize("q", [
    "我们肥东县算是合肥比较大的县,能报吗",
    "我们叶集区应该可以报吧",
    "We are Yeji District. I'd say districts should count. Can we apply?",
])
def test_a_hedge_on_something_else_leaves_a_known_body_eligible(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们池州经开区被认定以后,平常需要向哪个部门报送工作进展?",
    "肥东县被认定为示范区以后,日常要给哪些部门报情况?",
    "我们池州经开区挂牌以后要定期汇报什么?",
    "叶集区评上了以后平时怎么管理?",
    "宿松县成为示范区之后每年要交什么材料?",
    "Once the Wuhu ETDZ is recognised, who do we send progress reports to?",
    "After Shushan District is designated, what do we have to submit regularly?",
])
def test_a_named_body_asking_its_duties_after_designation_gets_article_13_without_verdict(q):
    a = answer(q)
    assert a.verdict is None, a.answer
    assert _refs(a)[0] == "art-13", (_refs(a), a.answer)


def test_the_report_goes_to_the_provincial_and_municipal_authorities():
    a = answer("我们芜湖经开区认定后平时要向谁报送进展?")
    assert a.verdict is None and _refs(a)[0] == "art-13", (_refs(a), a.answer)
    assert "省、市工业和信息化主管部门" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "我们叶集区想被认定为示范区,能报吗",
    "肥东县希望被认定为示范区,有资格申报吗?",
    "Feidong County would like to be designated; can we apply?",
])
def test_wanting_to_be_designated_stays_a_may_we_apply(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
