"""Who asks, read through slips and asides (issue 15, sixteenth session): a county's unit typed with another
character of its sound (庐江现经信局, 我们线能不能报), a zone's committee the body says it has not (我们又没有管委会,
是县政府), the asker's body said beside a comparison of the types, a level that is a platform's (a national-level
innovation platform) rather than the body's, and applying named before "is that possible?".
"""
import pytest

from guidance.answer import answer
from guidance.index import get_index
from guidance.text import normalise


def _spelt(q: str) -> str:
    return get_index().speller.correct(normalise(q))


@pytest.mark.parametrize("typed, meant", [
    ("宿松线能不能申报示范区", "宿松县能不能申报"),
    ("我是肥西现工信局的,想问问", "肥西县工信局"),
    ("咱们现可不可以报", "县可不可以报"),
    ("本线能否申报", "本县能否申报"),
])
def test_a_units_homophone_after_a_name_or_our_is_the_unit(typed, meant):
    assert meant in _spelt(typed)


@pytest.mark.parametrize("typed, kept", [
    ("我们现在能报吗", "现在"),
    ("我们线上提交材料可以吗", "线上"),
    ("示范区怎么实现数字化", "实现"),
    ("我们出现了问题怎么办", "出现"),
    ("我们先能不能报个名", "我们先"),  # 先 is more usual than 县: typed as meant
    ("我们现需要准备什么材料", "我们现需要"),  # no asking verb follows: 现 is "now"
    ("合肥是省会吗", "合肥是"),
])
def test_ordinary_words_are_not_made_units(typed, kept):
    assert kept in _spelt(typed)


@pytest.mark.parametrize("q", [
    "我是庐江现经信局的 语音转的可能有错 我们现能不能报 啥时候报 报给谁",
    "舒城线的工信局问一下,县里能不能申报示范区",
])
def test_a_county_typed_by_its_sound_is_eligible(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert "县" in a.answer.split("：")[0]


def test_our_county_typed_by_its_sound_is_the_county_still_unplaced():
    a = answer("我们线能不能报,报给谁啊")
    assert a.verdict == "depends" and a.answer.startswith("县"), a.answer


@pytest.mark.parametrize("q", [
    "我们是庐江县的,领导问是不是要先管委会同意,我们又没有管委会,是县政府,能报吗",
    "我们是舒城县政府,我们没有管委会,能不能申报示范区",
    "We are the government of Lujiang County in Hefei, Anhui. We have no administrative committee. Can we apply?",
])
def test_a_committee_denied_makes_no_zone(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


def test_a_committee_denied_leaves_an_unplaced_county_depending_as_a_county():
    a = answer("我们是县政府,我们又没有管委会,能报吗")
    assert a.verdict == "depends" and a.answer.startswith("县"), a.answer


@pytest.mark.parametrize("q, verdict", [
    ("深度应用和技术赋能这两类示范区有啥区别?我们是庐江县的,看不懂", "eligible"),
    ("What is the difference between the deep-application and technology-empowerment types? We are Feixi County "
     "in Anhui.", "eligible"),
    ("产品创新类和深度应用类有什么不同?我们是一家软件企业", "not_eligible"),
    ("深度应用和技术赋能两类有啥不同?我们是县里的", "depends"),  # no place: never a guessed eligible
])
def test_the_askers_verdict_comes_beside_a_comparison(q, verdict):
    a = answer(q)
    refs = [c["ref"] for c in a.citations]
    assert a.verdict == verdict, a.answer
    assert refs[0].startswith("art-3.") and "art-3" in refs, refs


@pytest.mark.parametrize("q", [
    "A provincial research institute would like to apply for the technology-empowerment zone. Is that possible?",
    "A research institute located inside a national high-tech zone would like to apply for the product-innovation "
    "type. Is that allowed?",
    "An industry association in Hefei would like to apply for the deep-application type. Would that be possible?",
])
def test_applying_named_then_is_that_possible_asks_whether_the_body_may(q):
    a = answer(q)
    assert a.verdict == "not_eligible" and [c["ref"] for c in a.citations][0] == "art-3", a.answer


@pytest.mark.parametrize("q", [
    "Our city-level industrial park has a national-level innovation platform and many AI companies. Could the park "
    "apply for the product-innovation zone?",
    "We run a municipal park in Wuhu with a provincial key laboratory. Can the park apply for the deep-application "
    "demonstration zone?",
    "我们是市级产业园,园里有一个国家级创新平台,能报产品创新类吗",
])
def test_a_platforms_level_is_not_the_bodys(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q, verdict", [
    # a count of firms the body hosts is no firm asking
    ("Our high-tech zone in Anhui was approved by the provincial government in 2012 and hosts 80 AI companies "
     "offering services nationwide. Does it qualify?", "eligible"),
    ("As Tongcheng, a county-level city in Anqing, Anhui, we want to go for the technology-empowerment zone: we host "
     "30 AI companies selling solutions across China. Are we eligible?", "eligible"),
    # the zone qualified for is the programme's, not the body's
    ("Please just say yes: Shucheng County in Lu'an, Anhui, has lots of AI firms and we definitely qualify for the "
     "technology-empowerment zone, right?", "eligible"),
    # a premise checked, then the same body asked again: one body, not two
    ("My boss says Wuhe County in Bengbu, Anhui, cannot apply because it is too small and has few AI firms. Is that "
     "right, or can the county apply after all?", "eligible"),
    # a verdict given as the reason for asking of another body
    ("I run an AI start-up in a provincial development zone. Can I personally apply for the demonstration zone "
     "title, since the zone is eligible?", "not_eligible"),
])
def test_a_long_english_question_keeps_the_body_it_names(q, verdict):
    a = answer(q)
    assert not a.declined and a.verdict == verdict, a.answer


@pytest.mark.parametrize("q", [
    "设区的市能申报吗",
    "一个下面有好几个区县的市,能整体申报吗",
    "管着几个县和区的市可以申报吗",
    "Can a city with districts apply?",
    "Is a city that administers counties and districts allowed to apply directly for the deep-application type?",
    "Can a city with several districts under it apply as a whole for the AI deep-application demonstration zone?",
])
def test_a_city_described_by_its_districts_is_a_prefecture(q):
    a = answer(q)
    assert a.verdict == "not_eligible" and [c["ref"] for c in a.citations][0] == "art-3", a.answer


@pytest.mark.parametrize("q, verdict", [
    ("我们是肥西县,属于设区的市合肥,能申报吗", "eligible"),  # the county asks, in a city with districts
    ("我们是天长市,下面有几个乡镇,能报吗", "eligible"),  # its towns are under it, not the body
    ("我们是县级市,下面有几个乡镇,能报吗", "depends"),
])
def test_units_under_the_body_are_not_the_body(q, verdict):
    assert answer(q).verdict == verdict


def test_becoming_a_zone_then_possible_asks_whether_the_body_may():
    a = answer("Feixi County in Hefei wants to become a deep-application demonstration zone. Is that possible?")
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "We are a county in a neighbouring province, just across the border from Anhui. Can our county apply for this "
    "Anhui demonstration zone?",
    "我们是邻省的一个县,紧挨着安徽,能申报吗",
])
def test_a_county_of_a_neighbouring_province_is_not_eligible(q):
    assert answer(q).verdict == "not_eligible"


@pytest.mark.parametrize("q", [
    "Can Lu'an city apply for the deep-application type as a whole, or only its counties and districts?",
    "Suzhou in northern Anhui has many AI firms. Can the city of Suzhou itself apply for the product-innovation "
    "demonstration zone?",
    "Can a provincial capital apply as a whole for the AI deep-application demonstration zone?",
    "省会城市能不能申报?",
])
def test_a_prefecture_level_city_however_named_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible" and [c["ref"] for c in a.citations][0] == "art-3", a.answer


def test_a_neighbouring_province_named_as_a_partner_leaves_the_county_home():
    assert answer("我们是安徽的县,和邻省合作很多,能申报吗").verdict == "eligible"


@pytest.mark.parametrize("q", [
    # an upgrade granted years ago is the level held, no doubt about it
    "Wuhu High-tech Zone was upgraded to national level in 2010. Its AI companies export services nationwide. Can it "
    "apply for the technology-empowerment type?",
    "芜湖高新区2010年升为国家级,能申报技术赋能类吗",
    # its companies are the zone's firms, not a firm asking
    "Wuhu High-tech Zone is national-level. Its AI companies export services nationwide. Can it apply for the "
    "technology-empowerment type?",
])
def test_a_zones_granted_upgrade_and_its_firms_leave_it_eligible(q):
    assert answer(q).verdict == "eligible"


def test_an_upgrade_under_way_still_hedges():
    assert answer("Our park is being upgraded to provincial level. Can we apply?").verdict == "depends"


@pytest.mark.parametrize("q", [
    "We are an AI institute based in a county of Anhui with strong ties to local factories. Can our institute apply "
    "for the deep-application type?",
    "Our think tank advises several counties in Anhui on AI policy. Could the think tank itself apply?",
    "A vocational school in a county wants to apply for the deep-application demonstration zone. Is the school "
    "eligible?",
    "Our research centre sits in a county in Anhui and runs an AI computing platform. Can the research centre apply?",
    "An incubator in a county of Anhui hosts 40 AI start-ups. Can the incubator apply on its own?",
    "We are a state-owned investment group that built an AI park in a county. Can our group apply?",
    "A cooperative of farmers in a county uses AI-driven machinery. Can the cooperative apply?",
    "我们是县里的智库,能不能申报示范区",
    "我们孵化器在肥西县,能申报吗",
    "我们是肥西县的合作社,能申报吗",
    "我们是肥西县的研究中心,可以申报吗",
])
def test_an_organisation_in_a_county_is_not_the_county(q):
    a = answer(q)
    assert a.verdict == "not_eligible" and [c["ref"] for c in a.citations][0] == "art-3", a.answer


def test_a_hospital_in_a_county_is_never_eligible():
    assert answer("Our hospital in a county of Anhui uses AI heavily. Can the hospital apply?").verdict == "depends"


@pytest.mark.parametrize("q", [
    "我们是肥西县,县里有一个研究中心,能报吗",
    "Feixi County in Anhui has two universities and an AI institute. Can the county apply?",
])
def test_research_bodies_a_county_has_leave_it_the_county(q):
    assert answer(q).verdict == "eligible"
