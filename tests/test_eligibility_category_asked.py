"""A body asking to be counted as a kind of body (能否视为省级以上开发区) is not that kind: the kind named after
视为 / 算作 / can it count as is what is asked about. A bonded zone asking so is never told it may apply."""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "自贸片区不归开发区序列，可以看作国家级开发区申报吗？",
    "铜陵的保税物流中心，当成省级高新区去报行不行？",
    "出口加工区, 能否视为国家级经开区参加创建?",
    "宣城某保税物流中心的同志问：我们这种海关监管的区域，可否视为省级开发区去申报？",
])
def test_a_special_zone_asking_to_count_as_a_development_zone_is_not_eligible_outright(q):
    assert answer(q).verdict == "depends"


@pytest.mark.parametrize("q", [
    "芜湖经开区能否视为省级以上开发区来申报？",  # a zone on the list stays what it is
    "我们肥西县可否作为创建主体申报示范区？",
])
def test_a_body_that_is_a_creation_subject_keeps_its_verdict(q):
    assert answer(q).verdict == "eligible"
