"""Bodies read from questions dictated without punctuation, introduced like a letterhead, or asked with the
procedure they are about (issue 15, batch Q).

A pause between Chinese words ends a clause as a comma does, so a level denied (不是省级) is not read as a
level asked about. An upgrade to provincial level asked for and not granted leaves the level the question
states: below provincial, not a creation subject. A first clause that only names a place and a body
(上海一家企业, 桐城市经信局咨询) is the asker. A body and a question on its procedure, or a condition someone
told it, make an eligibility question; two bodies set against each other (还是) are not one body.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "芜湖我们有个区里批的产业园 不是省级的 想申报示范区 行吗",
    "我们是宿州的一个工业园 县里批的 不是省级 报示范区可以吗",
])
def test_a_level_denied_in_a_run_on_question_is_below_provincial(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q, verdict", [
    ("宿松县的工业园 目前是县级 在申请升级为省级 还没批 能申报吗", "not_eligible"),
    ("我们是市级的高新园区,正在争取升为省级,批复没下来,现在能报吗", "not_eligible"),
    # the level held now not stated: it depends on the approval document
    ("我们园区正在申请升为省级开发区,能申报吗", "depends"),
    # granted already: the two levels said are the question's to settle, never a guessed "eligible"
    ("我们原来是县级园区,去年升为省级了,能申报吗", "depends"),
])
def test_an_upgrade_to_provincial_not_granted_leaves_the_level_stated(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer


@pytest.mark.parametrize("q, verdict", [
    ("苏州一家公司 我们在安徽某县有厂 能不能替那个县申报", "not_eligible"),
    ("苏州一家公司,我们在安徽某县有厂,能不能替那个县申报", "not_eligible"),
    ("宁国市经信局 想问一下 县级市申报要经过谁同意", "eligible"),
])
def test_a_first_clause_naming_a_body_is_the_asker(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer


@pytest.mark.parametrize("q", [
    "芜湖市政府能直接申报吗 还是镜湖区报",
    "合肥市能不能自己报,还是得包河区来报?",
])
def test_a_city_against_its_district_is_never_eligible(q):
    a = answer(q)
    assert a.verdict in ("depends", "not_eligible"), a.answer


@pytest.mark.parametrize("q", [
    "我们是阜南县 打算报产品创新类 可以吗 还要市里推荐吧",
    "我们是蚌埠的省级经开区,管委会想报技术赋能类,可以吗,需要市里推荐吧",
    "我们是歙县 想报 听人说县里得有省级开发区才行 是这样吗",
    "Our holding company is looking at Chuzhou. Could Fengyang County, being a county, apply for one of these zones, "
    "and who reviews it?",
])
def test_a_body_asking_how_or_on_what_condition_gets_its_verdict(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q", [
    "阜阳市工信局想问 能不能以阜阳市本级名义统一申报 把下面几个区县都算进去",
    "我们想以芜湖市本级的名义整体报一个示范区,把各个区打包,可以吗",
])
def test_a_city_applying_in_its_own_name_for_its_counties_is_not_eligible(q):
    a = answer(q)
    assert a.verdict == "not_eligible" and "培育、推荐" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "我们园区是浙江和安徽一起共建的 级别说不准 能报吗",
    "我们这个产业园是上海与安徽共同建设的,不清楚是什么级别,可以申报吗",
])
def test_the_provinces_that_build_a_park_together_are_partners_not_its_place(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer


@pytest.mark.parametrize("q", [
    "申报主体和创建主体是什么关系 我们宣州区有点看不懂",
    "到底谁才是创建主体啊,第八条又说申报主体,我们肥西县被绕晕了",
])
def test_a_question_on_the_draft_s_terms_gets_no_verdict(q):
    a = answer(q)
    assert a.verdict is None and any(c["ref"] in ("art-3", "art-8") for c in a.citations), a.answer


@pytest.mark.parametrize("q, refs", [
    ("我们是合肥高新区 国家级的 想报技术赋能类 需要市里推荐吗", {"art-3", "art-8"}),
    ("We are Feidong County and we plan to apply. Who do we submit to?", {"art-3", "art-8"}),
])
def test_a_named_body_that_means_to_apply_gets_its_verdict_with_the_route(q, refs):
    a = answer(q)
    assert a.verdict == "eligible" and refs <= {c["ref"] for c in a.citations}, a.answer


@pytest.mark.parametrize("q", [
    # an intention and a question on the application's content: the content is asked, not the verdict
    "铜陵枞阳县经信局 我们县想申报深度应用类 需要准备什么材料",
    "We are Feidong County and we plan to apply. What documents do we need?",
    "我们是泗县经信局 想报 需要啥材料",
])
def test_a_named_body_that_means_to_apply_and_asks_the_content_gets_the_content(q):
    a = answer(q)
    assert a.verdict is None and "art-9" in {c["ref"] for c in a.citations}, a.answer


@pytest.mark.parametrize("q", [
    # someone else means to apply; the asker, a firm, asks about the plan
    "我们公司在合肥高新区有工厂,管委会说想报示范区,我们需要准备哪些材料",
    # the body is only a kind, not named
    "我们县想申报深度应用类,需要准备什么材料",
])
def test_an_intention_that_is_not_the_named_asker_s_gives_no_verdict(q):
    assert answer(q).verdict is None


@pytest.mark.parametrize("q", [
    "我们是淮南的市级工业园不是省级能申报吗",
    # (asked of now: 这次, this round, is a time the upgrade may be granted by, as 今年: upgrade_pending, depends)
    "我们园区是市级的 正在报批省级 批文还没下来 现在能报吗",
])
def test_a_level_denied_or_pending_without_any_pause_is_below_provincial(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


def test_two_types_at_once_asks_the_rule_not_the_verdict():
    assert answer("Can a county apply for two types at once?").verdict is None


@pytest.mark.parametrize("q, refs", [
    ("马鞍山当涂县 县里打算申报 报给谁", {"art-3", "art-8"}),
    ("滁州来安县想申报技术赋能类 是不是得先有市里推荐", {"art-3", "art-8"}),
    ("我们是蒙城县 想申报 有人说必须有国家级园区才行 是真的吗", {"art-3"}),
])
def test_a_named_body_then_its_intention_is_an_eligibility_question(q, refs):
    a = answer(q)
    assert a.verdict == "eligible" and refs <= {c["ref"] for c in a.citations}, a.answer


def test_which_body_the_applying_body_means_gets_no_verdict():
    assert answer("申报主体到底指谁 是县政府还是工信局").verdict is None


def test_a_body_elsewhere_that_means_to_apply_is_told_so_whatever_it_asks():
    a = answer("苏州吴江区 想报 需要什么材料")
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们园区 不是 省级的 能不能报",
    "我们的工业园 并非 省级 可以申报吗",
])
def test_a_pause_after_a_negation_keeps_what_it_denies(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是滁州的一个开发区,不是国家级,能报吗",
    "We are a development zone in Chuzhou, not national-level. Can we apply?",
])
def test_denying_national_level_leaves_provincial_open(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer


@pytest.mark.parametrize("q, verdict", [
    ("我们是颍上县 估计明年才报 县一级有资格吗", "eligible"),  # a time stated, the standing asked
    ("我们是肥西县,明年打算申报,县里有资格吗", "eligible"),
    ("我们是肥西县,明年能申报吗", None),  # the time asked: the calendar answers
])
def test_a_time_the_asker_only_states_leaves_the_may_we_apply(q, verdict):
    assert answer(q).verdict == verdict


@pytest.mark.parametrize("q", [
    "Fengyang County (Chuzhou) would like to apply for the deep-application type. Do we need the city's recommendation?",
    "Huoqiu County, Lu'an, is planning to apply. Whose consent does it need first?",
])
def test_an_english_body_named_then_its_intention_gets_its_verdict(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
