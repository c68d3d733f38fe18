"""A body asking of its own standing, a premise told with no body, and a subject nothing knows (issue 15,
batch BB).

A zone asking whether it may apply by itself rather than through the county around it (我们管委会能不能自己报,
还是得让县里报) asks whether it is a creation subject, which its kind answers; a prefecture asking so (市政府能自己报吗,
还是区里报) is still no creation subject. A premise that only national-level development zones may apply, with no
body named, asks of the provincial ones it leaves out. Something named and asked whether it may be the applying
body (某某谷能不能当申报主体) is a body, even when nothing in the data knows it: it depends on what it is.
"""

import pytest

from guidance.answer import answer


@pytest.mark.parametrize(
    "q",
    [
        "宁国经开区是国家级经开区,在宁国市境内,我们管委会可以自己申报吗,还是得让宁国市来报?",
        "肥东经开区是省级经开区,我们能不能独立申报,还是只能通过肥东县申报",
    ],
)
def test_a_zone_asking_of_its_own_standing_gets_its_kinds_verdict(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer


def test_a_prefecture_asking_of_its_own_standing_is_still_not_eligible():
    a = answer("宣城市政府可以自己申报吗,还是让宣州区来报")
    assert a.verdict != "eligible", a.answer


@pytest.mark.parametrize(
    "q",
    [
        "Only national-level development zones may apply, is that right?",
        "Can only national-level development zones apply?",
    ],
)
def test_a_premise_of_national_zones_only_is_answered_for_provincial_ones(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert "provincial" in a.answer.lower()


@pytest.mark.parametrize(
    "q",
    [
        "云上谷可以作为创建主体申报吗",
        "皖北云谷能不能当申报主体",
    ],
)
def test_an_unknown_name_asked_to_be_the_subject_depends(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer


def test_asking_which_bodies_may_be_subjects_gets_no_verdict():
    assert answer("哪些单位可以作为创建主体").verdict is None
