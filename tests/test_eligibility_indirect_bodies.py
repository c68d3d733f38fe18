"""Bodies described indirectly (issue 15, batch FF): a level the asker half remembers, a level contradicted by
who approved it, an upgrade awaited by a later time, a park a town or private capital set up, a county of another
province that mentions the old prefecture it once belonged to, a place denied in English, a body whose name holds
the province but which is located elsewhere, a zone a partner province helped build, a consultant commissioned
by a county, and a county's bureau asked of as a kind.

Each is written in words of its own, not the batch's; a false "eligible" is the worst error, so the doubtful ones
must say "depends".
"""

import pytest

from guidance.answer import answer


@pytest.mark.parametrize(
    "q",
    [
        # a level remembered, not known (我记得…吧, 也可能记错了)
        "我在芜湖经开区上过几年班,我记得那边是国家级的,不过也可能记错了,他们现在能申报这个示范区吗?",
        "我们是安徽池州的经开区,省级的,不过我可能记混了,能报吗",
    ],
)
def test_a_level_the_asker_half_remembers_depends(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer


@pytest.mark.parametrize(
    "q",
    [
        # a higher level said, but the approval came from a city or county government
        "我们算省级高新区,可批复是县政府下的,安徽六安的,能不能报?",
        "We call ourselves a national-level ETDZ in Anqing, Anhui, though our approval document was issued by the "
        "city government. Are we eligible?",
    ],
)
def test_a_level_contradicted_by_a_lower_approver_depends(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer


def test_an_upgrade_awaited_by_a_later_time_depends_and_says_what_decides():
    a = answer("安徽亳州这边我们是县级工业园,升省级的申请交上去了还没批下来,等批下来以后能报吗?")
    assert a.verdict == "depends", a.answer
    assert "获批" in a.answer
    # asked of now, the level held today decides
    a = answer("安徽亳州这边我们是县级工业园,正在申请升级为省级,还没批下来,现在能报吗?")
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize(
    "q",
    [
        # a park a town set up by itself, or one private capital built
        "安徽某乡政府自行兴办的产业园区,想申报示范区,行不行?",
        "私人老板投资建起来的工业园区可以作为申报主体吗?",
    ],
)
def test_a_park_a_town_or_private_capital_set_up_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


def test_a_county_of_another_province_mentioning_an_old_prefecture_is_not_eligible():
    a = answer("婺源自古属于徽州府,文化上跟安徽一家,婺源县(江西省上饶市)可以申报这个示范区吗?")
    assert a.verdict == "not_eligible", a.answer


def test_a_namesake_denied_in_english_leaves_the_anhui_county():
    a = answer("This is She County in Huangshan, Anhui, not the She County in Hebei. May our county apply?")
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize(
    "q",
    [
        # the province only in the body's quoted name; the body located in another province
        "We are the 'Anhui Hi-Tech Park' in Changshu, Jiangsu, and most of our investors come from Anhui. Can we apply?",
        # the province only as a distance and as where the firms have branches
        "We are a provincial-level ETDZ located in Zhejiang, some 80 km away from Anhui; several of our firms "
        "have Anhui offices. Can we apply?",
    ],
)
def test_a_body_located_in_another_province_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


def test_a_zone_a_partner_province_helped_build_is_placed_where_it_lies():
    a = answer("我们经开区由浙江嘉兴和安徽宣城共建,位于宣城境内,是安徽省级经开区,能申报吗?")
    assert a.verdict == "eligible", a.answer


def test_a_consultant_commissioned_by_a_county_asks_for_the_county():
    a = answer("我们是南京一家咨询机构,受安徽霍邱县经信局委托写材料,霍邱县可以申报示范区吧?")
    assert a.verdict == "eligible", a.answer


def test_a_countys_industry_bureau_asked_of_as_a_kind_is_eligible_with_its_route():
    a = answer("区里的经信局可以作为申报主体吗?还是必须区政府来报?")
    assert a.verdict == "eligible", a.answer
    assert "工信主管部门作为申报主体" in a.answer and "本级政府或管委会同意" in a.answer


def test_whether_applying_raises_a_problem_is_a_may_we_apply():
    a = answer("我们是蚌埠高新区管委会,国家级高新区,申报技术赋能类有问题吗?")
    assert a.verdict == "eligible", a.answer


def test_a_kind_someone_said_may_not_apply_is_a_doubt_about_the_rule_not_the_body():
    a = answer("听说县级市不能报,我们宁国市是县级市,真的不行吗?")
    assert a.verdict == "eligible", a.answer


def test_a_namesake_denied_with_a_bare_not_leaves_the_anhui_county():
    a = answer("We are Shexian County in Huangshan, Anhui — not Shexian in Hebei. Are we eligible?")
    assert a.verdict == "eligible", a.answer


def test_a_county_of_another_province_close_beside_anhui_is_not_eligible():
    a = answer("我们是浙江长兴县,紧挨安徽广德,长三角一体化,能报吗?")
    assert a.verdict == "not_eligible", a.answer


def test_a_prefecture_level_named_only_in_a_rule_told_is_no_second_level():
    a = answer("都说只有地级市能报,我们界首市是县级市,是不是没戏?")
    assert a.verdict == "eligible", a.answer


def test_a_level_remembered_in_english_with_a_doubt_depends():
    a = answer("As far as I remember we're a national high-tech zone in Wuhu, Anhui, but I might be wrong. Can we apply?")
    assert a.verdict == "depends", a.answer


def test_a_provincial_zone_left_out_by_a_told_rule_is_still_a_high_tech_zone():
    a = answer("导则说只有国家级高新区才能申报,那安徽宿州的省级高新区不行了?")
    assert a.verdict == "eligible", a.answer


def test_a_firm_elsewhere_asking_for_an_anhui_county_asks_for_the_county():
    a = answer("我们是一家上海的咨询公司,替安徽郎溪县问一下,郎溪县能报吗?")
    assert a.verdict == "eligible", a.answer


def test_an_upgrade_that_may_come_next_year_asked_of_this_year_depends():
    a = answer("园区现在是县级,明年可能升省级,今年能报吗?安徽桐城的")
    assert a.verdict == "depends", a.answer
    assert "获批" in a.answer


def test_a_national_level_with_a_city_signed_approval_in_english_depends():
    a = answer("We're a national ETDZ, although the city government signed our approval. In Bengbu, Anhui. Eligible?")
    assert a.verdict == "depends", a.answer


def test_a_county_run_park_in_english_is_not_eligible():
    a = answer("Our county-run park (county approval only) in Anhui — can it apply?")
    assert a.verdict == "not_eligible", a.answer


def test_an_anhui_city_only_in_a_quoted_park_name_is_no_place():
    a = answer("The 'Hefei Park' we run is in Nanjing, Jiangsu. Can it apply?")
    assert a.verdict == "not_eligible", a.answer


def test_a_firm_consulting_for_a_county_asks_for_the_county():
    a = answer("My firm consults for Lingbi County, Suzhou, Anhui. Can Lingbi apply?")
    assert a.verdict == "eligible", a.answer


def test_a_rule_said_of_national_zones_only_leaves_the_provincial_zone_asked():
    a = answer("說是只有國家級開發區能報,我們省級經開區在安徽淮北,真的不能報嗎?")
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize(
    "q",
    [
        # who approved it, said the other way round
        "我们是国家级开发区,可是批我们的是县里,安徽怀远,能报吗",
        # a level the body only claims for itself
        "我们是省级开发区,不过这个省级是我们自己说的,安徽宣城,能报吗",
    ],
)
def test_a_level_said_but_not_granted_by_the_province_depends(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer


def test_a_place_then_the_province_after_a_comma_places_the_body_and_a_colleagues_word_is_a_hedge():
    a = answer("We're a provincial-level development zone in Huangshan, Anhui, approved by the provincial government in "
               "2006. Can we apply?")
    assert a.verdict == "eligible", a.answer
    # placed the same way, a level only a colleague vouches for
    a = answer("Our development zone in Bozhou, Anhui — the level is 'provincial' according to a colleague. Eligible?")
    assert a.verdict == "depends", a.answer


def test_a_county_bureau_asking_at_its_governments_request_asks_for_its_county():
    a = answer("我们是安徽当涂县经信局的,受县政府委托问问,我们县能不能报?")
    assert a.verdict == "eligible", a.answer


def test_a_rule_heard_in_english_is_the_rules_doubt_and_its_level_no_second_one():
    a = answer("I heard only prefecture-level cities can apply; we're Tianchang, a county-level city in Anhui. Can we?")
    assert a.verdict == "eligible", a.answer
