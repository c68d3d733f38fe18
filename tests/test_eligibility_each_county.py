"""Two or more county-level divisions of the province, each asking whether it may apply on its own (肥西县和长丰县
能各自申报吗), also when a consultancy relays them as its clients (客户：…): each is a creation subject under
article 3, so each may (issue 15). A joint application, a body of another kind or another province named beside
them, or a city named apart, still depends or is refused.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "肥西县和长丰县能各自申报吗",
    "合肥市的肥西县和长丰县各自能报吗",
    "我们是一家律师事务所,委托方:怀宁县和望江县,两者都能作为创建主体吗?",
    "Can Hefei's Feixi County and Changfeng County each apply separately?",
])
def test_each_county_may_apply(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert [c["ref"] for c in a.citations][:1] == ["art-3"]


def test_the_answer_names_both():
    a = answer("肥西县和长丰县能各自申报吗")
    assert "肥西县" in a.answer and "长丰县" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "肥西县和长丰县能联合申报吗",
    "肥西县和江苏沛县各自能报吗",
    "合肥市和肥西县、长丰县各自能报吗",
    "安徽省和肥西县、长丰县各自能报吗",
    "肥西县、长丰县和县里的工业园各自能报吗",
    "肥西县和长丰县好像是,各自能报吗",
])
def test_anything_more_is_not_eligible_for_all(q):
    assert answer(q).verdict != "eligible"
