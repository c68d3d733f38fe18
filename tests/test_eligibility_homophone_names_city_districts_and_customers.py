"""Who is asking, when the county's own name is typed by sound, the district is named only by its city, or
another province's body names the Anhui cities it serves (issue 15, batch MM).

A county's name typed with a homophone that is itself a word (冬至 for 东至) still names that county right after
its own prefecture; a district the asker names only as 我们区 after saying which city it is from is a district of
that city, not the city; and places another province's body names as whom it supplies (给蚌埠的整车厂供货), where
its supply chain is (供应链基本在安徽), or as the city next to the county beside it (黄山休宁旁边), do not
place that body in Anhui.
"""
from __future__ import annotations

import pytest

from guidance.answer import answer
from guidance.places import gazetteer


@pytest.mark.parametrize("text, name", [
    ("我们是池州冬至县的", "东至县"),
    ("池州的冬至县这边", "东至县"),
])
def test_a_county_typed_by_a_homophone_word_after_its_prefecture_is_that_county(text, name):
    assert name in [d.name for m in gazetteer("34").find(text) for d in m.divisions]


@pytest.mark.parametrize("text", ["今年冬至县里放假", "六安的书城"])  # no prefecture before it; no suffix
def test_a_homophone_word_names_no_county_without_its_prefecture_and_suffix(text):
    assert all(d.level != "county" for m in gazetteer("34").find(text) for d in m.divisions)


@pytest.mark.parametrize("q", [
    "池州冬至县经信局问一下,我们县能申报吗",
    "我是六安书城县的,县里想报示范区",
    "我们是宿州的,咱们区能不能当创建主体",
    "我是马鞍山那边的,我们县想报,行不行",
])
def test_a_county_or_district_placed_by_its_city_is_eligible(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "我们是滁州市,也是县级市,能报吗",  # the city itself said to be county-level: still a conflict
    "我们是合肥的,我们区好像是个开发区,能报吗",  # hedged
])
def test_a_city_said_to_be_county_level_or_a_hedged_zone_still_depends(q):
    assert answer(q).verdict == "depends"


@pytest.mark.parametrize("q", [
    "江苏南京的一个县,我们县好多供应商基本在安徽,能申报吗",
    "我们是浙江嘉兴的县,给蚌埠的整车厂供货,能不能报",
    "江西婺源县,在黄山休宁旁边,能报吗",
    "我们是无锡的一个开发区管委会,产业链基本在安徽,能报安徽的示范区吗",
])
def test_another_provinces_body_naming_whom_it_serves_in_anhui_is_not_eligible(q):
    assert answer(q).verdict == "not_eligible"


@pytest.mark.parametrize("q", [
    "我们是安徽的一个县,其实是江苏那边的,能报吗",
    "我们说是安徽的,不过准确地说我们县在河南,能报吗",
    "我们是安徽的开发区,哦不对,我们是浙江湖州的,能报吗",
    "We are a county in Anhui, actually in Jiangsu, can we apply?",
])
def test_the_province_taken_back_for_another_one_places_the_body_there(q):
    assert answer(q).verdict == "not_eligible"


@pytest.mark.parametrize("q, verdict", [
    ("我们是安徽的县,和江苏其实合作很多,能报吗", "eligible"),  # a partner, not a correction
    ("我们是安徽的,不对,是安庆的,能报吗", "not_eligible"),  # corrected within the province: the prefecture itself
])
def test_a_correction_within_the_province_or_a_partner_is_no_other_province(q, verdict):
    a = answer(q)
    assert a.verdict == verdict and "江苏" not in a.answer.split("：")[0]


def test_raw_materials_from_an_anhui_city_do_not_place_the_body_there():
    assert answer("江苏徐州的一个区,我们的原材料都从淮北进,能报吗").verdict == "not_eligible"


def test_a_district_said_as_qu_li_after_its_city_is_eligible():
    assert answer("我是淮南的,区里想申报示范区,可以吗").verdict == "eligible"


def test_orders_from_an_anhui_city_do_not_place_the_body_there():
    assert answer("浙江长兴县这边,大部分订单来自马鞍山,能申报吗").verdict == "not_eligible"


def test_a_client_named_by_a_consultancy_is_still_the_body():
    assert answer("我们是一家律师事务所,客户是芜湖市鸠江区,想问区里能不能申报").verdict == "eligible"
