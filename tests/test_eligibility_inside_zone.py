"""An asker that places itself inside a development zone (我们就在合肥高新区内, 我们入驻了蚌埠高新区, we are based
in the Hefei high-tech zone) is a unit in the zone, a firm or a park, not the zone: the zone's own verdict is
not its. It depends, saying what decides it (whether the zone itself applies); a unit that says it is a firm is
not eligible. The zone's own committee or bureau speaking stays the zone (issue 15).
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "我们就在合肥高新区内,可以申报示范区吗",
    "我们入驻了蚌埠高新区,能当创建主体吗",
    "咱们目前在马鞍山经开区里面,有资格报吗",
    "我们单位落户在滁州经开区,能不能申报",
    "我们工作室位于合肥高新区,可以报这个示范区吗",
    "We are based in the Hefei high-tech zone. Can we apply?",
    "We're located inside the Wuhu economic and technological development zone; may we apply?",
])
def test_a_unit_inside_a_zone_depends(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer
    assert [c["ref"] for c in a.citations][:1] == ["art-3"]


def test_the_answer_says_what_decides_it():
    a = answer("我们就在合肥高新区内,可以申报示范区吗")
    assert "开发区本身" in a.answer and "决定因素" in a.answer, a.answer
    en = answer("We are based in the Hefei high-tech zone. Can we apply?")
    assert "zone itself" in en.answer, en.answer


@pytest.mark.parametrize("q", [
    "我们公司在芜湖经开区里面,能报吗",
    "我们是入驻合肥高新区的一家企业,能申报吗",
    "Our company is based in the Hefei high-tech zone. Can we apply?",
    "Our startup is located inside the Wuhu economic and technological development zone; may we apply?",
])
def test_a_firm_inside_a_zone_is_not_eligible(q):
    assert answer(q).verdict == "not_eligible"


@pytest.mark.parametrize("q", [
    "我们是芜湖经开区管委会,办公楼就在经开区里,能报吗",
    "我们经发局在合肥高新区内办公,高新区能申报吗",
    "We are the Hefei high-tech zone's administrative committee, located in the zone. Can we apply?",
    "我们芜湖经开区位于芜湖市东部新区,能报吗",
])
def test_the_zone_speaking_stays_the_zone(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "我們就在合肥高新區內,可以申報示範區嗎",
    "我们目前入驻合肥高新区,想申报示范区",
    "我们在合肥高新区内,合肥高新区是国家级的,我们能当创建主体吗",
    "We moved into the Wuhu ETDZ last year. Can we apply?",
])
def test_more_wordings_of_a_unit_inside_depend(q):
    assert answer(q).verdict == "depends"


@pytest.mark.parametrize("q", [
    "我们在芜湖经开区里办公,芜湖经开区能报吗",
    "We are based in the Hefei high-tech zone. Can the Hefei high-tech zone apply?",
])
def test_a_zone_asked_by_name_keeps_its_verdict(q):
    """The asker sitting in the zone asks of the zone itself: the zone's verdict, not the unit's."""
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "我们位于合肥高新区旁边,能报吗",
    "我们县在芜湖经开区东侧,有资格申报吗",
    "咱们紧挨着蚌埠高新区,可以当创建主体吗",
    "We are right next to the Hefei high-tech zone. Can we apply?",
])
def test_an_asker_beside_a_zone_is_not_the_zone(q):
    """A zone the asker is near (旁边, 东侧, next to) is a neighbour: its verdict is not the asker's."""
    a = answer(q)
    assert a.verdict == "depends", a.answer
    assert "决定因素" in a.answer or "What decides it" in a.answer
