"""A zone said to lie in the province but run from another province (苏皖合作的园区在安徽郎溪, 由江苏溧阳方面
管理) is a conflict the office decides: it depends, never "not eligible" because the partner was named first
and never "eligible" because the ground is in Anhui (issue 15). A partner that only builds or invests
(由上海方面投资建设) still leaves the zone where it is.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "我们和浙江合作共建的园区在安徽广德境内,省级的,由浙江那边管理,能报吗",
    "江苏溧阳和我们合作的工业园在安徽郎溪,溧阳那边管,能报吗",
    "我们与上海合作,省级开发区在安徽滁州,由上海方面运营,能报吗",
])
def test_a_zone_in_the_province_run_from_another_depends(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer


def test_the_conflict_names_both_provinces_apart():
    a = answer("江苏溧阳和我们合作的工业园在安徽郎溪,溧阳那边管,能报吗")
    assert "江苏省溧阳市" in a.answer and "安徽省郎溪县" in a.answer, a.answer


def test_a_partner_that_invests_leaves_the_zone_at_home():
    a = answer("我们和上海合作,是滁州的省级高新区,由上海方面投资建设,能申报吗")
    assert a.verdict == "eligible", a.answer


def test_a_partner_said_to_be_in_the_province_is_still_a_partner():
    """和在安徽广德的园区合作: 在 right after 和 places the partner, not the body."""
    a = answer("我们是浙江湖州的县,和在安徽广德的园区合作,能报吗")
    assert a.verdict == "not_eligible", a.answer
