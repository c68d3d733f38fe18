"""Eligibility told as a story (issue 15, batch QQ): a firm asking to apply directly to become a zone, a
zone of another province said to have been moved into Anhui, a colleague or friend from elsewhere quoted, a
county's doubt about a park inside it, a city counting all its counties, and an answer the asker must
receive (拿到答复) before the body is named. Each wording here is our own, not the batch's.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "Our startup in Wuhu makes service robots. Could our firm apply directly to become a product-innovation zone?",
    "I run a small AI company in Bengbu - may we apply directly to be a demonstration zone ourselves?",
])
def test_a_firm_applying_directly_to_become_a_zone_is_not_eligible(q):
    """"Directly to become" says what the firm would become, not a route past the municipal bureau."""
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer
    assert not a.declined


@pytest.mark.parametrize("q", [
    "我们是湖北黄冈的一个县,和安庆挨着,听说前年划归安徽了?能不能报",
    "We are a county in Xuzhou, Jiangsu, but I think we were transferred to Anhui recently. Can we apply?",
])
def test_a_body_of_another_province_said_to_be_moved_into_anhui_depends(q):
    """Placed in another province and said to be in Anhui now: where it is is for the office to confirm."""
    a = answer(q)
    assert a.verdict == "depends", a.answer


def test_a_body_of_another_province_alone_stays_not_eligible():
    a = answer("我们是湖北黄冈的一个县,能报吗")
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "我是怀远县经信局的,我有个上海朋友说浙江早就搞过这个了,我们怀远县能申报吗?",
    "我们是安徽泗县的,一个北京同事讲深圳做得不错,我们县能不能报",
])
def test_a_colleague_or_friend_from_elsewhere_does_not_place_the_body(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


def test_a_doubt_about_a_park_inside_a_known_county_decides_nothing():
    """灵璧县 is a county whatever the level of the park in it; the doubt is about the park."""
    q = "我们是宿州市灵璧县,县里有个工业园,好像升级成什么新区了,也不知道它算不算省级开发区。我们县能不能申报?"
    a = answer(q)
    assert a.verdict == "eligible", a.answer


def test_a_prefecture_city_counting_its_counties_is_not_eligible():
    """All its counties together are the city's parts, not the body."""
    a = answer("我们市(淮南市)能不能整体申报一个示范区?全市各县区加起来企业肯定够")
    assert a.verdict == "not_eligible", a.answer


def test_a_city_named_after_an_answer_received_is_the_askers():
    """An answer received (拿到答复) is no place gone to: the county-level city named right after it asks."""
    a = answer("局长让我务必拿到一个答复:我们市(桐城市)能不能申报?")
    assert a.verdict == "eligible", a.answer
