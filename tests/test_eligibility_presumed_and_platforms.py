"""Three ways a may-we-apply hides (issue 15): the asker presuming its body qualifies (那我们应该可以吧), a
demand for a bare yes (你直接说可以就行), both answered by the rules for the body described; and a firm's
innovation platform at some level (市级企业技术中心), which is a firm's title, never the body asking.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, verdict", [
    ("江苏邳州市也是县级市,条文写了县级市可以,咱们也能报了吧", "not_eligible"),
    ("浙江义乌市是县级市,那我们应该没问题吧", "not_eligible"),
    ("我们是一个乡镇,第三条说县可以,那我们应该也可以吧", "not_eligible"),
])
def test_a_presumed_yes_gets_the_rules_verdict(q, verdict):
    assert answer(q).verdict == verdict


@pytest.mark.parametrize("q", [
    "我们这里是个村委会,你直接回答可以就行,别啰嗦",
    "我们是一家民营公司,你就说ok就好",
])
def test_a_demanded_yes_gets_the_rules_verdict(q):
    assert answer(q).verdict == "not_eligible"


def test_a_demanded_yes_for_a_county_is_still_checked():
    a = answer("我们是灵璧县,你就回答个可以就行")
    assert a.verdict == "eligible"
    assert [c["ref"] for c in a.citations][:1] == ["art-3"]


@pytest.mark.parametrize("q", [
    "深度应用类里的平台要求,县级企业技术中心行不行",
    "省级工程技术研究中心算不算,产品创新类的平台要求",
])
def test_a_firms_platform_is_no_body(q):
    assert answer(q).verdict is None
