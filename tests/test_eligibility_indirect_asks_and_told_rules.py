"""Whether the asker's body may apply, asked indirectly (batch OO).

An asker rarely says "may we apply": it asks about its chances (有没有戏, 够不够得着, worth a shot), whether it could
be the creation subject (能不能当主体), whether an application would be sent back (会不会被退回来, would our
application be thrown out) or whether the guideline is meant for it (are we the kind of body this is for, does
article 3 cover us). All of these ask for the verdict on the body the asker describes. A resort area is not a
development zone even when the province approved it, and what the draft says of a kind (导则里说省级开发区可以报)
is the rule, not the asker's body.
"""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, verdict", [
    ("我们是合肥的肥东县,想问问搞这个示范区我们县有没有戏?", "eligible"),
    ("我这边是六安市金安区经信局,区里让我打听一下,我们金安区够不够得着这个示范区。", "eligible"),
    ("我们是蚌埠的怀远县,县里在犹豫,这个示范区值不值得试一试?", "eligible"),
    ("我们是滁州的南谯区,区里想问:我们区能不能当这个主体?", "eligible"),
    ("我们是一家做软件的公司,在合肥,想去报这个示范区,会不会被退回来?", "not_eligible"),
    ("我们是江苏的一个县,离安徽不远,领导问去报安徽这个示范区有没有戏?", "not_eligible"),
    ("我们镇政府想单独报,去报会不会被退回来?", "not_eligible"),
])
def test_a_chinese_ask_about_chances_or_outcome_gets_the_verdict(q, verdict):
    a = answer(q)
    assert not a.declined
    assert a.verdict == verdict


@pytest.mark.parametrize("q, verdict", [
    ("We are Huaining County in Anqing, Anhui. Would we be in the running for one of these demonstration zones?", "eligible"),
    ("I'm with Jinzhai County in Lu'an, Anhui. Is this something a county like ours could go for?", "eligible"),
    ("We are a logistics company based in Hefei. Are we the kind of body this guideline is for?", "not_eligible"),
    ("Our county is Dangshan County in Suzhou, Anhui. Worth a shot?", "eligible"),
    ("We are a software firm in Bengbu. Would our application be thrown out?", "not_eligible"),
])
def test_an_english_ask_about_chances_or_outcome_gets_the_verdict(q, verdict):
    a = answer(q)
    assert not a.declined
    assert a.verdict == verdict


@pytest.mark.parametrize("q", [
    "我们是池州的一个省级旅游度假区,想问能不能申报这个示范区?",
    "我们是芜湖的一个产业园,文件说省级开发区可以报,我们也是省级的,能报吗?",
    "我们是安徽的省级旅游度假区,导则里说省级开发区可以报,我们也是省级的,值得一试吗?",
])
def test_a_resort_area_or_a_rule_read_out_is_no_provincial_development_zone(q):
    assert answer(q).verdict == "depends"


@pytest.mark.parametrize("q, verdict", [
    # The draft's rule read out, then the asker's own zone named and levelled: still the asker's verdict.
    ("我们是蚌埠的开发区,导则里说省级开发区可以报,我们是省级的,能报吗?", "eligible"),
    ("我们是宿州的国家级经开区,能申报吗?", "eligible"),
])
def test_a_development_zone_of_its_own_level_keeps_its_verdict(q, verdict):
    assert answer(q).verdict == verdict


@pytest.mark.parametrize("q", [
    "材料交上去以后,一般多久会有结果?",
    "Is it worth reading the annex tables before the articles?",
])
def test_no_body_and_no_chance_asked_gives_no_verdict(q):
    assert answer(q).verdict is None


@pytest.mark.parametrize("q, verdict", [
    # The route or the place spoken of in the story before the question (a stated sentence) asks nothing.
    ("我们是芜湖市鸠江区。市里说评完以后要由市工信局推荐上去,这个我们知道。想问一下,我们区能不能参与进来?", "eligible"),
    ("We are a development zone. I'd prefer not to say which city we're in. Could we apply?", "depends"),
    ("We're Wuwei City's government office in Wuhu, Anhui. I need to know: could we put ourselves forward?", "eligible"),
])
def test_what_a_stated_sentence_says_of_the_route_does_not_hide_the_ask(q, verdict):
    assert answer(q).verdict == verdict


def test_a_route_asked_in_the_asking_sentence_is_still_the_route():
    assert answer("我们是芜湖市鸠江区,材料要先经过哪个部门推荐?").verdict is None


@pytest.mark.parametrize("q, verdict", [
    # Hearsay about the programme or its rule is no doubt about what the asker's body is.
    ("我们是马鞍山市当涂县。听说省里在搞人工智能示范区,县里挺重视,我们县能不能报?", "eligible"),
    ("我们是淮北市相山区,有人说这个只给开发区,区一级不算,我们区有没有资格?", "eligible"),
    ("我们是池州市贵池区的一个乡镇,听说省里在评示范区,镇里能不能报?", "not_eligible"),
])
def test_hearsay_about_the_programme_is_no_hedge_on_the_body(q, verdict):
    assert answer(q).verdict == verdict


@pytest.mark.parametrize("q", [
    "我们芜湖这个园区好像是省级的能报示范区吗",  # the level itself hedged, in the clause that names the programme
    "我们园区听说是省级的,能报示范区吗?",
    "我们是宣城的开发区,好像是省里批的示范园区,能报吗?",
])
def test_a_hedge_on_the_bodys_own_level_still_makes_it_depend(q):
    assert answer(q).verdict == "depends"


@pytest.mark.parametrize("q, verdict", [
    # The firms a body hosts, or the consultancy it met, are not the body the asker speaks for.
    ("We are Shushan District in Hefei, Anhui. Our district has several smart medical device companies. "
     "Can we apply?", "eligible"),
    ("Our office plans for the Bengbu High-tech Industrial Development Zone, a national-level high-tech zone in "
     "Anhui. We host a lot of AI companies, sensors and robotics mostly. Could we apply?", "eligible"),
    ("We are Fanchang District of Wuhu, Anhui. We had a meeting with a consultancy about the guideline. "
     "Can our district apply?", "eligible"),
    ("We are a consultancy in Hefei working with several districts. Can we apply?", "not_eligible"),
])
def test_firms_the_body_hosts_or_meets_are_not_the_body(q, verdict):
    assert answer(q).verdict == verdict


@pytest.mark.parametrize("q", [
    # A school's strength stated about the asker's own university is no question about which school is good.
    "我在安徽大学工作,学校有很强的人工智能学科,校长想牵头搞个示范区,学校能不能当主体?",
    "我们是安徽工程大学,学校有比较强的机器人方向,想问大学能不能申报示范区?",
])
def test_a_school_described_as_strong_still_asks_whether_it_may_apply(q):
    a = answer(q)
    assert not a.declined
    assert a.verdict == "not_eligible"


def test_which_school_is_strong_is_still_beyond_the_draft():
    assert answer("安徽哪所大学人工智能强?").declined
