"""A city given two levels (county-level and prefecture-level) depends on its administrative level, not on
a zone's approval document (issue 15): the answer says what decides it for a city, and still depends.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", ["我们是芜湖市,同时也算县级市吧,能不能申报", "我们是县级市,不过也是地级市,我市可以申报吗"])
def test_a_city_of_two_levels_is_told_what_decides_a_city(q):
    a = answer(q)
    assert a.verdict == "depends" and "行政级别" in a.answer and "批准文件" not in a.answer, a.answer


def test_a_zone_of_two_levels_is_still_its_approval_document():
    a = answer("我们是省级开发区,也是市级开发区,能申报吗")
    assert a.verdict == "depends" and "批准文件" in a.answer, a.answer
