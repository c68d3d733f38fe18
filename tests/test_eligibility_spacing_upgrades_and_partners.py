"""Bodies read through spacing, a partner from elsewhere and a prefecture that administers a city (issue
15, batch N).

A question typed with a space between every character is the same question. A park below provincial
level is not a creation subject wherever its partner or builder comes from. A body outside Anhui that supplies or serves Anhui firms is still outside. A
county-level city that a prefecture administers (X代管的Y市) is the body asking, not a unit under it.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, verdict", [
    ("肥 西 县 可 以 申 报 吗 ?", "eligible"),
    ("我 们 是 金 寨 县 , 能 报 吗", "eligible"),
    ("企 业 能 申 报 吗", "not_eligible"),
])
def test_a_question_spaced_character_by_character_is_read_as_written(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer


@pytest.mark.parametrize("q", [
    "深圳一家集团在金寨建的合作园区,县里管的,不是省级开发区,园区能报吗",
    "浙江的企业在宿松投资建的产业园,是县级园区,能申报吗",
])
def test_a_park_below_provincial_is_not_eligible_whoever_built_it(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "We are a county in Zhejiang; our plants supply Anhui carmakers. Can we apply?",
    "We are a district in Henan and we mainly serve Anhui manufacturers. Are we eligible?",
    "我们是江苏的一个县,主要给安徽车企配套供货,能申报吗",
])
def test_a_body_elsewhere_that_supplies_anhui_firms_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "安庆代管的桐城市想报产品创新类,应该可以吧",
    "芜湖代管的无为市能不能申报",
])
def test_a_city_a_prefecture_administers_is_the_body_asking(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q, verdict", [
    ("我们是合肥的national-level 高新区, can we apply?", "eligible"),
    ("我们是安庆的provincial-level 经开区, are we eligible for 深度应用类?", "eligible"),
    ("我们是宿州的county-level 园区, can we apply?", "not_eligible"),
])
def test_an_english_level_written_against_chinese_is_read(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer


@pytest.mark.parametrize("q, verdict", [
    ("我们是铜陵市郊区,能报吗", "eligible"),
    ("铜陵那个区就叫郊区,它能不能申报示范区", "eligible"),
    ("我们在郊区,能申报吗", "depends"),  # guard: 郊区 without its city is a common word
])
def test_a_district_named_by_a_common_word_is_placed_by_its_city(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer


@pytest.mark.parametrize("q", [
    "我们是浙江的一个县,在六安也共建了产业园,能不能申报",
    "我们是上海的一个区,在宣城合作共建了一个产业园,可以申报吗",
    "我们是江苏的一个高新区,在马鞍山还援建了项目,能申报吗",
])
def test_a_body_elsewhere_that_built_a_park_in_anhui_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是享受县级管理权限的功能区,不是县也不是开发区,能申报吗",
    "我们是一个行使县级经济管理权限的实验区,能申报吗",
    "We are a special zone with county-level powers, neither a county nor a development zone. Can we apply?",
])
def test_powers_granted_are_not_the_level_of_the_body(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer
