"""Batch CC's last leftovers as patterns, in wordings of our own: the route asked for the asker's own body
whose place alone is unsaid (我们区…哪个单位牵头报,报到哪) is article 8's, with no verdict; the asker's task
(领导让我写个汇报) says what the answer is for, not what is asked (the purpose of the guideline, article 1);
what counts toward an indicator's count (才算进那个企业数量) is that row's."""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "我们区打算报,得哪个单位牵头报,报到哪",
    "我们县要是申报的话,哪个部门出面,交给谁,要不要县里同意",
])
def test_the_route_for_our_body_whose_place_is_unsaid(q):
    a = answer(q)
    assert a.citations[0]["ref"] == "art-8" and a.verdict is None and not a.declined
    assert "本级政府或管委会同意" in a.answer
    # placed in the province, the body's verdict comes with the route
    b = answer("我们是安徽的一个县,打算申报,哪个部门牵头报,报给谁")
    assert b.verdict == "eligible" and "art-8" in [c["ref"] for c in b.citations]


@pytest.mark.parametrize("q", [
    "领导让我写个情况汇报,想问导则到底为了什么出台的",
    "我得写一份工作总结,这个导则是要干嘛的,打造什么",
])
def test_the_askers_task_is_not_the_question(q):
    a = answer(q)
    assert a.citations[0]["ref"] == "art-1"
    assert "打造高质量发展新引擎" in a.answer


@pytest.mark.parametrize(("q", "ref", "fact"), [
    ("企业在几个经营环节里深度用了AI,才能被统计进深度应用那个企业数?", "annex-1/9", "3个(含)以上"),
    ("一家公司得在多少个生产环节用人工智能,才算进深度应用类那项企业数量里", "annex-1/9", "3个(含)以上"),
    ("企业要在几个环节深度用人工智能才算到附件1那个企业数里", "annex-1/9", "3个(含)以上"),
])
def test_what_counts_toward_an_indicators_count_is_that_row(q, ref, fact):
    a = answer(q)
    assert a.citations[0]["ref"] == ref and fact in a.answer
