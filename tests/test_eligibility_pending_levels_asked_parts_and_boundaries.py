"""A level sought is not a level held; a body named beside another question is not asked its verdict; a
county-level city named with the prefecture that runs it; a zone whose boundaries are unsettled (issue 15,
batch WW).

An upgrade to provincial level applied for, reported or going through approval leaves the zone below it until
the approval document says otherwise: "it depends", never "eligible" (already provincial and seeking national
level stays eligible). A named body asking when the call comes or what follows recognition gets that part,
and a verdict only when it also asks whether it qualifies. A county-level city that names its prefecture and
asks where its materials go is eligible, with article 8's route. Article 5 (一) asks for 四至范围明确, so unsettled
boundaries make the answer depend on that condition, cited first.
"""
import pytest

from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", [
    "马鞍山的一个工业园,去年递交了升省级开发区的申请,批文到现在还没下来,我们算能报的开发区吗?",
    "淮南一个开发区,升省级的事还在等批复,现在能申报示范区吗",
    "亳州的经开区,还在走省级认定的流程,能不能申报?",
    "池州这边一个开发区,省级批文还没拿到手,可以申报吗",
    "滁州的工业园区,升省级的材料已经报上去了,还没批,能申报示范区吗",
    "Our development zone in Huainan is awaiting approval as a provincial-level zone. Are we eligible?",
    "We applied to be upgraded to a provincial development zone in Bengbu last spring and have heard nothing "
    "yet. Can we apply?",
    "Our zone in Wuhu is pending approval as a provincial zone; may we apply?",
])
def test_a_provincial_level_sought_is_not_held_and_the_approval_decides(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer
    assert "art-3" in _refs(a)
    assert "批准文件" in a.answer or "approval document" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "蚌埠的经开区,已经是省级了,正在争取升国家级,可以申报吗",
    "我们是铜陵的省级高新区,在申请升国家级,能报吗",
    "Our Wuhu development zone is already provincial-level and is applying to become national. Can we apply?",
])
def test_a_provincial_zone_seeking_national_level_is_eligible_as_provincial(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert "国家级" not in a.answer.split("：")[0] and not a.answer.startswith("National"), a.answer


def test_an_upgrade_awaited_for_this_round_depends_on_the_approval():
    a = answer("我们园区是市级的,升省级的申请递上去了还没批,这一轮能报吗")
    assert a.verdict == "depends" and "批准文件" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "岳西县今年想报,导则里写没写几月份开始申报?",
    "怀宁县打算报,一般哪个月份发通知?",
    "我们是望江县,准备今年报,申报一般在哪个月份?",
    "Yuexi County plans to apply; which month does the call usually come out?",
])
def test_a_named_body_asking_the_month_of_the_call_gets_article_7(q):
    a = answer(q)
    assert a.verdict is None and _refs(a)[0] == "art-7", (_refs(a), a.answer)


@pytest.mark.parametrize("q", [
    "潜山市被认定为示范区之后要做些什么?",
    "岳西县被认定后要做什么?",
    "Once Qianshan is designated, what does it have to do afterwards?",
])
def test_a_named_body_asking_what_follows_recognition_gets_no_verdict(q):
    a = answer(q)
    assert a.verdict is None and _refs(a)[0] in ("art-11", "art-13"), (_refs(a), a.answer)


@pytest.mark.parametrize("q", [
    "黟县想报,我们县符合创建主体的要求吗?什么时候能报?",
    "泾县想申报产品创新类,符不符合申报主体条件?一般几月份申报?",
    "We are Jixi County in Xuancheng. Do we meet the requirements for a creation subject, and when can we apply?",
])
def test_qualifying_and_timing_both_asked_get_the_verdict_and_both_articles(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert _refs(a)[0] == "art-3" and "art-7" in _refs(a), _refs(a)


@pytest.mark.parametrize("q", [
    "宁国市是宣城代管的县级市,能不能单独申报?材料交宣城市工信局还是省厅?",
    "桐城市这边,我们是安庆代管的县级市,可以独立申报吗?材料报给安庆市工信局还是省厅?",
    "Tongcheng City here (a county-level city under Anqing). Can we apply on our own, and do we submit to the "
    "Anqing bureau or straight to the province?",
])
def test_a_county_level_city_named_with_its_prefecture_is_eligible_with_the_route(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert "art-8" in _refs(a)
    assert "市工信局" in a.answer or "municipal" in a.answer or "city's" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "开发区四至范围还没定下来,能报吗?",
    "我们是芜湖经开区,边界范围还在调整,能申报吗",
    "肥西县的园区红线还没划定,县里能申报吗",
    "Our zone's boundaries have not been finalised yet. Can we still apply?",
    "We are the Chuzhou ETDZ and our boundaries are still being redrawn; are we eligible?",
])
def test_unsettled_boundaries_depend_on_article_5_first(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer
    assert _refs(a)[0] == "art-5.1", _refs(a)
    assert "四至范围明确" in a.answer, a.answer


def test_boundaries_asked_about_without_applying_get_no_verdict():
    a = answer("四至范围明确具体是什么要求?")
    assert a.verdict is None and _refs(a)[0] == "art-5.1", (_refs(a), a.answer)
