"""A rule someone told the asker (只有国家级的才行, 必须是国家级才能报, only national zones qualify) names a
level as the rule's condition, not as the body's level. The body asked about is the one the premise leaves
out (省级的不行吗?): a provincial zone, which article 3 admits, so the answer corrects the premise instead of
answering for the national zone nobody asked about."""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "有人跟我讲得是国家级的高新区才能报，那省级高新区就没机会了？",
    "只有国家级经开区才有资格吧，省级经开区是不是报不了？",
    "群里说必须国家级开发区才可以申报，省级开发区不行，是真的吗",
    "Someone told me only national-level high-tech zones can apply. So a provincial high-tech zone cannot?",
])
def test_the_level_left_out_by_the_premise_is_the_one_answered(q):
    a = answer(q)
    assert a.verdict == "eligible"
    assert "省级" in a.answer.split("：")[0] or a.answer.lower().startswith("provincial")
    assert not a.answer.startswith("国家级")


@pytest.mark.parametrize(("q", "verdict"), [
    ("我们是滁州的国家级经开区，听说必须是国家级的才能报，那我们没问题吧？", "eligible"),
    ("我们是宿松县的，有人说只有国家级开发区才可以申报，县不行吗？", "eligible"),
    ("黄山市本级，听说得是国家级开发区才能报，我们市里能不能直接报？", "not_eligible"),
])
def test_the_bodys_own_level_still_decides(q, verdict):
    assert answer(q).verdict == verdict


def test_a_premise_that_denies_provincial_zones_never_excludes_them():
    """"Not provincial ones?" checks the premise; it denies no body's level, so the answer never says a
    provincial zone is excluded (it may say what decides it)."""
    a = answer("Only national economic and technological development zones can apply, right? Not provincial ones?")
    assert a.verdict in ("eligible", "depends")
    assert "below provincial" not in a.answer.lower()
