"""The body asked about is the one the question's verb applies to, not the larger unit it sits in nor the
asker who relays the question (issue 15): a firm inside an eligible zone asking in its own name, a park
below provincial level inside an eligible county asking on its own, a consultancy asking for its client.
A false "eligible" is the worst error, so the unit around the body never lends it its own verdict.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "讯飞在合肥高新区里面,讯飞能以企业的身份申报吗",
    "阳光电源位于合肥高新区内,阳光电源可以用公司名义单独报吗",
    "比亚迪在合肥经开区,比亚迪能不能以企业名义报技术赋能类",
    "Can iFlytek, which sits inside the Hefei high-tech zone, apply as a company?",
])
def test_a_firm_in_an_eligible_zone_asking_as_a_firm_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer
    assert [c["ref"] for c in a.citations][:1] == ["art-3"]


@pytest.mark.parametrize("q", [
    "阳光电源在合肥高新区里,阳光电源能报吗",
    "华米在合肥高新区里面,华米可以申报示范区吗",
    "芜湖高新区里的埃夫特能不能申报",
])
def test_a_named_unit_in_an_eligible_zone_is_not_the_zone(q):
    """Whatever the unit inside the zone is, the zone's verdict is not its own."""
    a = answer(q)
    assert a.verdict != "eligible", a.answer


@pytest.mark.parametrize("q", [
    "蜀山区在合肥市里,蜀山区能报吗",
    "歙县位于黄山市,歙县可以申报吗",
])
def test_a_county_level_division_placed_in_its_city_keeps_its_verdict(q):
    """Only a unit the question does not already name as a kind is read as sitting in another."""
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "凤阳县能申报我清楚,县里有个市级的工业园,它能自己报吗",
    "怀远县可以报这个我知道,那县里那个市级园区它能不能单独申报",
    "肥西县有资格我们都知道,县里的市级产业园它可以单独报吗",
])
def test_a_park_below_provincial_level_in_an_eligible_county_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是一家律所,委托方是合肥市蜀山区,想问问区里能不能申报",
    "我在一家咨询机构工作,客户是滁州市天长市,帮他们看看有没有申报资格",
    "We are advisers. Our client is Fengyang County in Chuzhou. Is our client eligible?",
    "I'm a consultant. My client is the Hefei National High-tech Industrial Development Zone. Is my client eligible to apply?",
])
def test_a_consultancy_asking_for_an_eligible_client_gets_the_clients_verdict(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "我是咨询公司的,客户是一家做机器人的企业,他们能报吗",
    "I'm a consultant. My client is a robotics company in Hefei. Is my client eligible?",
])
def test_a_consultancy_asking_for_a_firm_gets_the_firms_verdict(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "阜阳两县的工信部门问一下,我们两县能不能申报示范区",
    "亳州三县的经信局想了解,我们三县有没有申报资格",
])
def test_counties_of_a_prefecture_named_by_number_are_counties(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "合芜蚌国家自主创新示范区能不能作为一个整体来申报",
    "国家自创区算不算开发区,能整体申报吗",
])
def test_another_programmes_national_zone_depends(q):
    """A national innovation demonstration zone spans several cities; article 3 names no such body."""
    a = answer(q)
    assert a.verdict == "depends", a.answer


@pytest.mark.parametrize("q", [
    "定远县能报,县里的盐化工园区是市级的,它能不能报",
    "凤阳县可以申报,那县里的市级园区呢?",
    "合肥高新区能报,那合肥市呢",
    "我们县肯定能报,那县里那个市级开发区它能不能单独申报",
    "I know Fengyang County is eligible. What about the city-level park in the county, can it apply on its own?",
])
def test_a_follow_up_asks_of_the_body_it_points_to(q):
    """"It" and "what about X" point past a body already settled: the verdict is X's, never the first one's."""
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "定远县能报吗,它自己能单独报吗",
    "界首市是阜阳代管的县级市,它能申报吗",
])
def test_it_right_after_a_body_is_that_body(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "Chery is in Wuhu ETDZ. Can Chery apply?",
    "Sungrow sits inside Hefei High-tech Zone. Could Sungrow apply?",
])
def test_an_unknown_name_placed_in_a_zone_is_not_the_zone_en(q):
    assert answer(q).verdict != "eligible"


def test_a_client_named_after_a_comma_is_the_body_en():
    a = answer("We are a consultancy; our client, Huaining County in Anqing, wants to know if it can apply.")
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "合肥高新区的科大讯飞可不可以申报",
    "芜湖经开区能报,园区里的奇瑞能报吗",
    "经开区没问题,那经开区里面的埃夫特呢",
])
def test_a_unit_of_a_zone_asked_after_or_with_the_zone_is_not_the_zone(q):
    assert answer(q).verdict != "eligible"


@pytest.mark.parametrize("q", [
    "合肥高新区的管委会能不能申报",
    "合肥高新区的经发局能报吗",
])
def test_a_zones_own_authority_is_the_zone(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "I'm from a law firm; the client is Feidong County in Hefei. Can they apply?",
    "我们是律所,客户是肥东县,他们能报吗",
    "受客户委托咨询,客户为合肥市包河区,请问是否具备申报资格",
])
def test_the_askers_own_firm_before_the_client_is_not_the_body(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "Can Shexian County in Huangshan apply?",
    "I'm from a law firm; the client is Shexian County in Huangshan. Can they apply?",
])
def test_a_shared_county_name_placed_by_its_prefecture_is_that_county_en(q):
    """Shexian is a county of Hebei (涉县) and of Huangshan, Anhui (歙县); Huangshan itself names a city and its
    district, both of one prefecture, which is enough to tell the county."""
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "我们公司想申报,合肥高新区能帮我们报吗",
    "我们是一家企业想申报,合肥高新区能报吗",
    "我们公司想申报,县里的市级园区是市级的,它能报吗",
])
def test_the_askers_own_statement_still_says_who_asks(q):
    """A follow-up points past a body someone else is; the asker's own (我们公司想申报) stays the one asking."""
    assert answer(q).verdict == "not_eligible"


def test_a_kind_ruled_out_then_a_zone_asked_is_the_zone():
    assert answer("企业不能报,那合肥高新区能报吗").verdict == "eligible"
