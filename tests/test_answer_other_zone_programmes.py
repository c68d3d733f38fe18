"""Other programmes' zones (the national AI innovation and application pilot zones, the new-generation AI
innovation and development pilot areas) are not this draft's demonstration zones: how to apply for one is
out of scope, said so with the office to ask, and the 区 of their names never makes a city district of them."""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "国家人工智能创新应用先导区的申报条件是什么",
    "想申请新一代人工智能创新发展试验区，怎么申请？",
    "How can a city become a national AI innovation and application pilot zone?",
])
def test_applying_for_another_programmes_zone_is_declined(q):
    a = answer(q)
    assert a.declined and a.verdict is None, a.answer


@pytest.mark.parametrize("q", [
    "国家级先导区能报吗",
    "我们是人工智能创新应用先导区，可以申报吗",
    "省级创新发展先行区有资格吗？",
])
def test_a_pilot_zone_is_never_read_as_a_city_district(q):
    a = answer(q)
    assert a.verdict != "eligible", a.answer
    assert not a.answer.startswith("市辖区")



@pytest.mark.parametrize("q", ["How can our county apply to become a pilot zone?", "我们县怎么申报示范区？"])
def test_this_drafts_own_zones_in_other_words_are_still_answered(q):
    """"Pilot zone" is also what English speakers call this draft's 示范区: only a national programme's is
    another's."""
    a = answer(q)
    assert not a.declined, a.answer
