"""Who is asking, read past what the asker was told and whom it speaks of (issue 15, batch NN).

A zone the province approved, said in everyday words (省里批的), is provincial-level; a rule the asker heard or
states about a kind of body (听说区县也都能报, 高新区也行) is neither the asker's body nor a doubt about it; people or
firms over there (宣城那边的厂子, 广德的同事说) do not place a body of another province in Anhui; and a county
typed with one character misspelt by its sound, even one the dictionary holds (颖上县 for 颍上县), is that county.
"""
from __future__ import annotations

import pytest

from guidance.answer import answer
from guidance.places import gazetteer


@pytest.mark.parametrize("q", [
    "我们是宣城的经开区,是省里批的,可以申报不?",
    "马鞍山这个高新区当年省里批准设立的,能不能作为主体报?",
])
def test_a_zone_the_province_approved_in_everyday_words_is_provincial(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "我们宣城的经开区还在等省里批,能不能申报?",  # waiting for the approval: no level yet
    "我们是宣城的经开区,要省里批了才算吧,能报吗?",  # a condition, not the status
    "宣城的经开区省里批了吗?能报吗?",  # asked, not said
])
def test_a_provincial_approval_awaited_or_asked_is_no_level(q):
    assert answer(q).verdict == "depends"


def test_a_provincial_approval_denied_is_not_eligible():
    assert answer("我们滁州的开发区没经过省里批,可以申报吗?").verdict == "not_eligible"


@pytest.mark.parametrize("q, verdict", [
    ("同事讲设区的市如今也能整体申报了,我们阜阳市能不能报?", "not_eligible"),
    ("听别人说高新区也行,我们是蚌埠的国家级经开区,能申报吗?", "eligible"),
    ("有人讲县区都可以,我们合肥经开区是国家级的,可不可以报?", "eligible"),
])
def test_a_rule_heard_about_a_kind_is_not_the_askers_body(q, verdict):
    assert answer(q).verdict == verdict


@pytest.mark.parametrize("q", [
    "国家级高新区也能报,我们滁州的工业园能申报吗?",  # the rule's kind is not the park's level
    "听说省级经开区都可以,我们铜陵的园区能报吗?",
    "听说开发区也可以,我们宿州的这个是省级的吧,能报吗?",  # "this one" points back: nothing settled
])
def test_a_rule_stated_lends_its_kind_to_no_body(q):
    assert answer(q).verdict == "depends"


@pytest.mark.parametrize("q", [
    "我们是浙江湖州长兴县,跟安徽广德挨着,广德那边的厂子也在上AI,长兴能报这个示范区吗?",
    "我这边是江苏南京高淳区的,前两天听宣城的同事说安徽出了新导则,我们高淳区能不能也申报?",
])
def test_people_or_firms_over_there_do_not_place_the_body(q):
    assert answer(q).verdict == "not_eligible"


def test_a_park_over_there_asked_about_is_still_the_body():
    # No clause of the asker's own: the park over there is the body asked about.
    assert answer("江苏昆山那边的园区,跟滁州合作很多,算不算能申报的主体?").verdict != "eligible"


@pytest.mark.parametrize("text, name", [("我们是颖上县的", "颍上县"), ("霍丘县这边", "霍邱县")])
def test_a_county_misspelt_by_one_character_of_its_sound_is_read(text, name):
    assert name in [d.name for m in gazetteer("34").find(text) for d in m.divisions]


@pytest.mark.parametrize("text", ["同城市场很大", "我们县的岩壁很高"])
def test_misspellings_read_no_place_out_of_words(text):
    assert [d.name for m in gazetteer("34").find(text) for d in m.divisions if d.province == "34"] == []


def test_a_misspelt_county_of_the_province_is_eligible():
    assert answer("霍丘县经信局问下,我们县有没有资格报?").verdict == "eligible"
