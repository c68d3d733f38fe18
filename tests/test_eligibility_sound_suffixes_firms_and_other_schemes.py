"""Who is asking, read through slips and asides (issue 15, batch KK).

A county typed with a homophone of its own suffix (怀宁线, 湾沚曲) is still that county, even when its name is
typed by sound too, inside the prefecture named; firms or partners a body of another province has in Anhui
do not place it in Anhui; a firm asked of by its name (江淮汽车, 某某智能科技, Sungrow) is an enterprise; a
Chinese may-we-apply with English words in it (能 apply 吗) is still one; joining another programme or another
province's scheme is not this draft's verdict to give; and what follows recognition is articles 11-13.
"""
from __future__ import annotations

import pytest

from guidance.answer import answer
from guidance.places import gazetteer


@pytest.mark.parametrize("text, name", [
    ("我们是安庆怀宁线的", "怀宁县"),
    ("芜湖湾沚曲这边", "湾沚区"),
    ("安庆岳西线这里", "岳西县"),  # 西线 is a word, but the keyboard's, not the asker's
    ("我们是阜阳颍上线的", "颍上县"),
    ("我们是六安金宅线的", "金寨县"),  # name and suffix both typed by sound, in the prefecture named
])
def test_a_suffix_typed_by_its_sound_keeps_the_county(text, name):
    assert name in [d.name for m in gazetteer("34").find(text) for d in m.divisions]


@pytest.mark.parametrize("text", ["西线无战事", "我们是金宅线的"])  # a word; a double slip with no prefecture named
def test_sound_suffixes_read_no_place_out_of_words_or_without_a_prefecture(text):
    assert [m.text for m in gazetteer("34").find(text)] == []


@pytest.mark.parametrize("q", ["我们是安庆怀宁线的,线里能不能申报", "六安金宅线这边能报示范区吗", "阜阳阜南线想申报,线里可以吗"])
def test_a_county_typed_with_a_sound_suffix_is_eligible_not_its_prefecture(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "我们是江苏徐州铜山区,有几家公司在安徽宿州设了厂,铜山区能报吗",
    "上海嘉定区这边,合作伙伴在芜湖,嘉定能申报吗",
])
def test_a_body_of_another_province_with_firms_in_anhui_is_not_eligible(q):
    assert answer(q).verdict == "not_eligible"


@pytest.mark.parametrize("q", ["江淮汽车能作为申报主体吗", "某某智能科技能报吗", "Can Sungrow apply?", "肥东县的华强电子可以申报吗"])
def test_a_firm_asked_of_by_its_name_is_an_enterprise(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", ["科大讯飞所在的合肥高新区能报吗", "我们是芜湖繁昌区,区里有奇瑞的工厂,区里能报吗"])
def test_a_firm_in_a_zone_or_district_leaves_the_body_the_zone_or_district(q):
    assert answer(q).verdict == "eligible"


def test_a_chinese_question_with_english_words_gets_its_verdict():
    assert answer("芜湖繁昌区这边,区里能 apply 这个 demonstration zone 吗").verdict == "eligible"
    assert answer("我们这个 park maybe 是省级的, not sure, 能 apply 吗").verdict == "depends"


def test_a_question_mostly_in_english_keeps_its_english_words():
    from guidance.pinyin_reading import _english_words_read

    assert _english_words_read("Can Fanchang District apply for 深度应用类?") is None
    assert _english_words_read("繁昌区想 apply 深度应用类,行吗") == "繁昌区想申报深度应用类,行吗"


@pytest.mark.parametrize("q", [
    "Can our district in Wuhu apply for the national AI pilot zone run by the Ministry?",
    "上海的人工智能示范区怎么申报?",
    "广东的灯塔工厂评选,我们安徽的企业能参加吗",
    "我们高新区想升格为国家级高新区,流程是怎样的",
])
def test_joining_another_programme_or_province_scheme_is_declined(q):
    a = answer(q)
    assert a.declined and a.verdict is None, a.answer


def test_a_body_of_another_province_asking_of_this_draft_keeps_its_verdict():
    a = answer("我们是江苏的开发区,能申报吗")
    assert not a.declined and a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", ["Once we're designated, what must we do afterwards?", "挂牌以后要不要定期向上报进展"])
def test_what_follows_recognition_is_articles_11_to_13(q):
    a = answer(q)
    assert a.citations[0]["ref"] in ("art-11", "art-12", "art-13"), [c["ref"] for c in a.citations]
