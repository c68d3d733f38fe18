"""County-level cities and the province said of a body (issue 15, batch L).

A county-level city speaks through its own bureau (界首市经信局, 明光市工信局) and is administered on behalf of a
prefecture (阜阳代管): neither makes it a prefecture city, so neither is a second statement of its level. A
place name several provinces share (Tongcheng, Taihe) is the province's own when the asker says the body
is in it (a county-level city in Anhui, Tongcheng in Anhui), never when the province is only the
programme's (the Anhui programme). The guards keep "depends" and "not eligible" where they belong.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "我在明光市工信局工作，明光是县级市，能申报吗",
    "我是天长市经信局的，天长是滁州代管的县级市，可以作为创建主体吗",
    "宁国市经信局想问一下：宁国是宣城代管的县级市，我们能不能申报？",
    "我们是阜阳代管的一个市，能申报吗",
])
def test_a_county_level_city_with_its_own_bureau_or_administered_by_a_prefecture_is_eligible(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert a.citations[0]["ref"] == "art-3"


@pytest.mark.parametrize("q, verdict", [
    ("我们是滁州市，也是县级市，能申报吗", "depends"),  # a prefecture said to be county-level
    ("我在阜阳市经信局上班，我们市能申报吗", "not_eligible"),  # the prefecture's bureau: the prefecture
])
def test_a_prefecture_city_stays_a_prefecture_city(q, verdict):
    assert answer(q).verdict == verdict


@pytest.mark.parametrize("q", [
    "Is Tongcheng, a county-level city in Anhui, allowed to apply?",
    "Can Taihe, a county in Anhui province, apply to create a demonstration zone?",
    "Tongcheng in Anhui is a county-level city. Can it apply?",
])
def test_a_shared_place_name_the_asker_places_in_the_province_is_the_provinces(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "Can Tongcheng apply?",
    "Can Tongcheng apply to the Anhui programme?",
    "Can Taihe county apply for Anhui's demonstration zone?",
])
def test_a_shared_place_name_not_placed_by_the_asker_still_depends(q):
    assert answer(q).verdict == "depends"
