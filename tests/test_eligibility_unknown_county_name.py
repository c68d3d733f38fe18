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
