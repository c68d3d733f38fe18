"""Eligibility patterns of the eleventh session (batch DD and CC's leftovers), each in wordings of our own:
a city named in full before a word that cuts its suffix (马鞍山市工信局) is not the other province's city
inside its name (鞍山); a county spelled by its sounds keeps its suffix (feidong xian), never Xi'an; the
villages where firms are (村里有不少工厂) are not the body; an area named like a landmark after its city
(合肥某某谷) is not the city; "our kind of zone" (我们这种省级高新区) asks of the kind."""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "慈湖高新区想报,要先过马鞍山市工信局这一关吗",
    "当涂县能申报吗?是报马鞍山市工信局吧",
    "含山县有资格吗,材料交马鞍山市工信局对不对",
])
def test_a_city_named_in_full_is_not_the_other_provinces_city_inside_its_name(q):
    a = answer(q)
    assert a.verdict == "eligible"
    assert "鞍山市、" not in a.answer and not a.answer.startswith("鞍山")


@pytest.mark.parametrize("q", [
    "Feidong xian 能不能申报?",
    "Can Feidong xian apply?",
    "我们是huoqiu xian的,六安市,可以报吗",
])
def test_a_county_spelled_by_its_sounds_keeps_its_suffix(q):
    a = answer(q)
    assert a.verdict == "eligible"
    assert "西安" not in a.answer and "Xian" not in a.answer
    # Xian alone is still the city in Shaanxi.
    assert answer("We are a county in Xian, can we apply?").verdict == "not_eligible"


@pytest.mark.parametrize("q", [
    "我们是舒城县,村里有不少智能农机企业,县里能申报吗",
    "金寨县乡镇上都有企业,县里有资格吗",
    "泾县好些村里有AI茶叶工厂,泾县可以报不",
])
def test_the_villages_where_firms_are_are_not_the_body(q):
    assert answer(q).verdict == "eligible"
    # A village or town that asks for itself is still one.
    assert answer("我们村里有个厂子,村能申报示范区吗?").verdict == "not_eligible"
    assert answer("镇上有几家工厂,我们镇能报吗").verdict == "not_eligible"


@pytest.mark.parametrize("q", [
    "合肥智慧谷能申报吗?",
    "芜湖智造谷可以申报示范区吗",
    "宣城智慧港够不够格",
    "合肥科学城能报吗",
])
def test_an_area_named_after_its_city_is_not_the_city(q):
    """Read as the city it would be "not eligible"; it is an area whose standing decides it."""
    a = answer(q)
    assert a.verdict == "depends"
    assert answer("宣城市能申报吗").verdict == "not_eligible"  # the city itself


@pytest.mark.parametrize("q", [
    "听人说非国家级开发区不收,我们这样的省级高新区是不是没指望了?",
    "有人讲只有国家级的才行,那咱们这样的省级经开区还有机会吗",
    "我们这种县级市能报吗",
])
def test_our_kind_of_body_is_the_kind_asked(q):
    assert answer(q).verdict == "eligible"
    # The asker's own body with its place unsaid, or hedged, still depends.
    assert answer("我们是省级高新区,我们这种情况能报吗").verdict == "depends"
    assert answer("我们这种省级高新区好像还没批下来,能报吗").verdict == "depends"
