"""A county named by a name no gazetteer entry knows (a made-up or mistyped name no sound matches) is a
particular county that is not positively placed in Anhui: "eligible" would rest on nothing, so it depends.
A kind of county asked about in general (贫困县, 县级市, a county) is still answered by article 3."""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "凉山州的岳溪县能申报这个示范区吗",
    "请问青禾县可以报示范区吗？",
    "听说是叫云漾县的，能报不？",
    "阿坝州的雪岭县有资格吗",
    "请问一下白沙湾县能不能申报",
])
def test_a_county_by_an_unknown_name_is_never_eligible(q):
    assert answer(q).verdict != "eligible"


@pytest.mark.parametrize("q", [
    "贫困县能申报吗", "安徽省的山区县能报吗", "一个工业大县能不能报", "六安市的霍邱县能申报吗", "合肥的肥西县能报吗",
])
def test_kinds_of_county_and_known_counties_keep_their_verdict(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "国家级青禾经开区能报吗", "省级云漾高新区可以申报吗？", "我打听一下，省级白沙湾开发区有没有资格",
])
def test_a_zone_by_an_unknown_name_is_never_eligible(q):
    """A zone whose name no place or listed zone explains is somewhere unknown: its level alone does not put
    it in Anhui."""
    assert answer(q).verdict != "eligible"


@pytest.mark.parametrize("q", [
    "国家级经开区能报吗", "省级经济技术开发区可以申报吗", "国家级高新技术产业开发区能报吗", "芜湖经开区能申报吗",
    "桐城经开区（省级）能报吗",
])
def test_kinds_of_zone_and_known_zones_keep_their_verdict(q):
    assert answer(q).verdict == "eligible"
