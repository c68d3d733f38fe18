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


@pytest.mark.parametrize("q", [
    "我们是安徽滁州的省级开发区，省政府批准设立的，日常由县里托管，能作为创建主体吗？",
    "我们开发区在安徽六安，是省级开发区，现在由县政府托管，还能申报吗",
    "Our provincial development zone in Anhui is run day to day by the county government. Can it still apply?",
])
def test_a_provincial_zone_a_county_runs_day_to_day_keeps_its_level(q):
    """托管 (run on the county's behalf) says who manages the zone, not what approved it (guard)."""
    assert answer(q).verdict == "eligible"


def test_a_provincial_zone_no_province_places_still_depends():
    """省政府 does not say which province: "eligible" needs the body placed in Anhui (guard; batch L labels
    this eligible, a label disagreement recorded in the notes)."""
    assert answer("我们开发区是省政府批准设立的省级开发区，日常由县里托管，能申报吗？").verdict == "depends"
