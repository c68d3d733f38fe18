"""A county typed by a homophone whose sound several divisions share nationwide, with its prefecture named
(issue 15, batch AA).

岳溪县 sounds like 岳西县 (Anqing) and 越西县 (Sichuan): alone it is left unread, but "安庆的岳溪县" names the
one division of that sound in Anqing. A one-character county (泾县, 萧县) typed by its sound is read only so,
inside a prefecture the question names, since one character says too little to name a place anywhere else.
"""
import pytest

from guidance.answer import answer
from guidance.places import gazetteer


def _names(text):
    return [d.name for m in gazetteer("34").find(text) for d in m.divisions]


@pytest.mark.parametrize("text, county", [
    ("安庆的岳溪县想问问", "岳西县"),
    ("阜阳市太禾县", "太和县"),
    ("宣城的经县经信局", "泾县"),
    ("宿州那边的肖县", "萧县"),
])
def test_a_shared_sound_names_the_county_of_the_prefecture_named(text, county):
    assert county in _names(text)


@pytest.mark.parametrize("text, county", [
    ("吉安的太禾县", "泰和县"),
    ("邯郸的社县", "涉县"),
])
def test_the_prefecture_named_decides_even_outside_the_province(text, county):
    assert county in _names(text)


@pytest.mark.parametrize("text", [
    "岳溪县想问问",  # two divisions sound so, no prefecture says which
    "经县能报吗",  # one character: read only inside a prefecture named
    "宿州市各县都能报吗",  # 各 is no county
    "宣城的县里",
])
def test_a_shared_sound_without_its_prefecture_is_no_place(text):
    assert not any(d.level == "county" for m in gazetteer("34").find(text) for d in m.divisions)


@pytest.mark.parametrize("q", [
    "岳溪县能申报这个示范区吗,安庆的",
    "经县(宣城的那个jing县)可以报吗",
])
def test_such_a_county_in_the_province_is_eligible(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


def test_such_a_county_elsewhere_is_not_eligible():
    a = answer("江西吉安的太禾县能申报这个示范区吗")
    assert a.verdict != "eligible", a.answer
