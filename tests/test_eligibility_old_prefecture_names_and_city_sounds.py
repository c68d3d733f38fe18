"""Names that say less than they seem to, and names typed by their sound (issue 15, batch BB).

A district whose name ends in 州 (徽州区, 颍州区, 宣州区) keeps the name of the old prefecture it was the seat of:
named bare (我们是颍州的) it may be the district or the old prefecture's city, so "eligible" would be a guess;
its 区 or its own prefecture named settles it. A zone is named after its city, and the city typed by its sound
(蚌 read bàng, 六 read lù) is still that city. A level the city had before (以前是地级市) is no second level, a
doubt about which name a known county goes by (现在应该叫广德市了) no doubt about the body, and a park a town runs
(镇里管的) is below provincial level.
"""

import pytest

from guidance.answer import answer
from guidance.places import gazetteer


@pytest.mark.parametrize(
    "q",
    [
        "我们单位是颍州的,想问能不能申报",
        "宣州这边能不能申报示范区",
        "咱们徽州能报这个示范区吗",
    ],
)
def test_a_bare_old_prefecture_name_depends(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer
    assert "地级市" in a.answer and "区" in a.answer


@pytest.mark.parametrize(
    "q",
    [
        "我们是颍州区的,想问能不能申报",
        "阜阳颍州这边能不能申报示范区",
    ],
)
def test_the_district_suffix_or_its_prefecture_settles_it(q):
    assert answer(q).verdict == "eligible"


def test_a_township_of_such_a_name_is_still_not_eligible():
    assert answer("宣州的一个乡能不能申报").verdict == "not_eligible"


@pytest.mark.parametrize(
    "text, city",
    [
        ("棒埠经开区", "蚌埠市"),
        ("陆安高新区", "六安市"),
        ("淮难经开区", "淮南市"),
    ],
)
def test_a_city_typed_by_its_sound_before_a_zone_type_is_that_city(text, city):
    assert city in [d.name for m in gazetteer("34").find(text) for d in m.divisions]


@pytest.mark.parametrize(
    "text",
    [
        "我们高新区",  # a pronoun, not a city
        "宿洲高新区",  # suzhou: 宿州 or 苏州
        "他们经开区",
    ],
)
def test_no_city_is_read_from_a_word_or_a_shared_sound(text):
    assert not any(d.level == "prefecture" for m in gazetteer("34").find(text) for d in m.divisions)


def test_a_zone_of_a_city_typed_by_sound_gets_its_verdict():
    a = answer("淮难高新区是省级高新区,有资格申报吗")
    assert a.verdict == "eligible", a.answer


def test_a_former_level_is_no_second_level():
    a = answer("我们巢湖市过去是地级市,后来改成县级市了,现在能不能申报")
    assert a.verdict == "eligible", a.answer
    # (a city said to be both, now, still depends)
    assert answer("我们是池州市,同时也是县级市,能申报吗").verdict == "depends"


def test_a_doubt_about_which_name_a_known_county_goes_by_is_no_doubt_about_it():
    a = answer("我们宁国(好像现在应该叫宁国市了)能不能申报")
    assert a.verdict == "eligible", a.answer
    assert answer("我们宁国好像是地级市,能不能申报").verdict == "depends"


@pytest.mark.parametrize(
    "q",
    [
        "这个产业园是村委会负责的,能申报吗",
        "这个工业集中区是街道在管的,可以申报示范区吗",
        "Our industrial park is managed by the town government. Can it apply?",
    ],
)
def test_a_park_a_town_or_village_runs_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize(
    "q",
    [
        "宁国市属于县(市、区)吧?",
        "河南永城市算不算“县(市、区)”",
        "宁国经济开发区是省级的,名称里没有技术两个字,这个算不算?",
    ],
)
def test_fitting_article_3s_term_is_a_may_we_apply(q):
    assert answer(q).verdict is not None


def test_another_provinces_city_fitting_the_term_is_not_eligible_not_declined():
    a = answer("江西瑞金市是县级市,属于县(市、区)吧")
    assert a.verdict == "not_eligible" and not a.declined, a.answer
