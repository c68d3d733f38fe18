"""Places named by a homophone, places that moved between cities and bodies that were renamed (issue 15,
batch Q).

A county typed by pinyin with the wrong character (纵阳县 for 枞阳县) is read as the one division of the
country that sounds so and ends the same way; two characters that are words, or part of one, are no name.
The divisions are as of the data's date: counties moved between cities are under their present city, and a
hedge about which of the province's cities a county is under decides nothing. A body renamed is what it is
called now.
"""
import pytest

from guidance.answer import answer
from guidance.places import gazetteer


@pytest.mark.parametrize("q", [
    "我们是宗阳县的 想申报示范区 可以吗",
    "铜陵纵阳县经信局想问一下,我们县有没有资格",
])
def test_a_county_typed_by_a_homophone_is_read(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("text", [
    "还是只能由县来报",  # 能由 + 县: function words before a suffix
    "我们就是普通的县",  # 通的 cuts 普通
    "报给市工信局还是省里",
    "我们这个小县城能报吗",
])
def test_words_before_a_suffix_are_no_homophone_of_a_place(text):
    assert [m.text for m in gazetteer("34").find(text)] == []


def test_counties_that_moved_are_under_their_present_city():
    g = gazetteer("34")
    by_name = {d.name: d for d in g.counties_of("34")}
    assert g.divisions[by_name["寿县"].prefecture + "00"].name == "淮南市"
    assert g.divisions[by_name["枞阳县"].prefecture + "00"].name == "铜陵市"
    assert g.divisions[by_name["叶集区"].prefecture + "00"].name == "六安市"


@pytest.mark.parametrize("q, verdict", [
    ("我们是枞阳县,记得以前归安庆,好像现在归铜陵了,能申报吗", "eligible"),
    ("寿县这边想报 好像是划给淮南管了吧 反正还在安徽 可以报吗", "eligible"),
    # a move out of the province is a doubt about the province
    ("我们县好像划到江苏去了,能申报吗", "depends"),
])
def test_a_hedge_on_which_city_of_the_province_decides_nothing(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer


@pytest.mark.parametrize("q", [
    "我们原来叫叶集试验区 后来改名为叶集区 能申报吗",
    "以前的开发区现在改成了六安市叶集区,能不能报",
])
def test_a_renamed_body_is_what_it_is_called_now(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer



@pytest.mark.parametrize("q, verdict", [
    ("蒙成县想申报 可以吗", "eligible"),  # 蒙城县, not Gansu's 成县 inside it
    ("我们是宿嵩县的,能报吗", "eligible"),  # 宿松县, not Henan's 嵩县
    ("甘肃成县能报吗", "not_eligible"),  # after its province, the short name is the place
])
def test_a_short_county_name_inside_a_longer_typed_name_is_not_the_place(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer


@pytest.mark.parametrize("q", [
    "Yeji District in Lu'an, formerly a pilot zone: is it eligible?",
    "Can Shou County apply? I believe it now belongs to Huainan.",
    "Xiao County, Suzhou, Anhui: can it apply?",
])
def test_english_names_of_one_character_counties_and_former_names(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


@pytest.mark.parametrize("q, verdict", [
    # a hedge about the firms, the asker or the timing, not the body: article 3 decides
    ("我们是肥西县 好像企业不多 能报吗", "eligible"),
    ("我是霍邱县经信局的 可能是新来的 县里能报吗", "eligible"),
    ("We are Feixi County; I think our AI base is weak. Can we apply?", "eligible"),
    # a hedge about what the body is, has become or where it is still depends
    ("我们是省级经开区 牌子好像被摘了 能报吗", "depends"),
    ("我们是经开区 好像在安徽那边 能报吗", "depends"),
    ("我们是肥西县 好像是吧 能报吗", "depends"),
])
def test_only_a_hedge_about_the_body_makes_it_depend(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer
