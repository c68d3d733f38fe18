"""Formal may-we-apply questions and a county located by its prefecture (issue 15, batches O and P).

An official letter asks whether a plan is feasible (拟申报…，是否可行) rather than "can we apply": the rules
decide it as they decide 能不能报. A prefecture named right before 下辖的/所辖的 only locates the county or
county-level city that asks (X市下辖的Y县); the same words after the asker (我市下辖的, 替下面的) still name a unit
under the asker. What a body elsewhere has over there (在安徽那边有飞地), and the side that builds a zone
(由上海方面投资建设), are not where the body is. A level that is a firm's or a factory's title (一家省级智能工厂)
is not the body's level.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, verdict", [
    ("六安市某街道办事处拟牵头创建产品创新类示范区,请问是否可行?", "not_eligible"),
    ("河南省郑州市某高新区拟申报安徽省的示范区,能否可行", "not_eligible"),
    ("我们公司拟单独申报技术赋能示范区,是否可行?", "not_eligible"),
    ("黄山市歙县拟申报深度应用类示范区,是否可行?", "eligible"),
])
def test_a_plan_asked_as_feasible_is_a_may_we_apply_question(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer


@pytest.mark.parametrize("q", [
    "我们是宣城市下辖的广德市,能申报吗",
    "阜阳下辖的界首市可以报吗",
    "我们是六安市所辖的霍邱县,有资格吗",
])
def test_a_prefecture_right_before_its_county_only_locates_it(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "我市下辖的金寨县能报吗",
    "我是六安市的,替下面的金寨县问问能报吗",
])
def test_a_unit_under_the_asker_is_still_not_the_body(q):
    a = answer(q)
    assert a.verdict != "eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们园区是市里批的,没有省级牌子,但有一家省级数字化车间,能报吗",
    "我们是县级工业园,有一家省级智能工厂,能申报吗",
    "我们是市级开发区,区里有两家国家级专精特新企业,可以作为创建主体吗",
])
def test_a_firms_title_is_not_the_bodys_level(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是蚌埠高新区,国家级高新区,有一家省级智能工厂,能报吗",
    "合肥高新区,国家级的,能报吗",
])
def test_the_bodys_own_level_is_still_read(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是江苏的一个县,在安徽那边也有合作产业园,能申报吗",
    "我们是浙江的一个区,在六安当地有飞地,我们能报吗",
])
def test_what_a_body_elsewhere_has_over_there_is_not_where_it_is(q):
    """在安徽那边有飞地园区: a locative word between the place and what the body has there."""
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


def test_a_county_at_home_with_an_enclave_elsewhere_is_still_at_home():
    a = answer("我们是六安的霍邱县,在上海那边有飞地园区,能报吗")
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是滁州的一个省级高新区,由上海方面投资建设,能申报吗",
    "我们是宣城的省级经开区,浙江方面参与合作共建,能不能报",
])
def test_the_side_that_builds_a_zone_is_a_partner_not_its_place(q):
    """由上海方面投资建设: X方面 that builds or runs the zone is a partner; the zone is where it is."""
    a = answer(q)
    assert a.verdict == "eligible", a.answer


def test_a_body_elsewhere_with_a_partner_side_is_still_elsewhere():
    a = answer("我们是江苏的一个县,苏州方面参与共建,能申报吗")
    assert a.verdict == "not_eligible", a.answer
