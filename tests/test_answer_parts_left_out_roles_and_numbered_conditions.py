"""Answer patterns of the eleventh session (batch DD), in wordings of our own: a question whose first part
the draft answers and whose follow-up asks a detail it leaves out is answered, saying which part is left out
(not declined whole); a department's share of the work asked colloquially (管哪几块); a type's Nth condition
(产品创新类第二条) and articles numbered in digits (第3条); the service asked to write the asker's papers."""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize(("q", "ref", "fact", "left"), [
    ("意见在几号截止?截止以后还能再提吗", "notice", "2025年12月17日", "截止以后还能再提吗"),
    ("技术赋能类对平台有什么要求,要有几个以上?", "art-6.3", "", "要有几个以上"),
    ("产品创新类对研发投入有啥要求,具体比例是多少?", "art-6.2.2", "高于行业平均水平", "具体比例是多少"),
])
def test_the_part_answered_stands_and_the_part_left_out_is_named(q, ref, fact, left):
    a = answer(q)
    assert not a.declined
    assert a.citations[0]["ref"].startswith(ref)
    assert fact in a.answer
    assert f"征求意见稿没有写明问题中的这一点：“{left}”" in a.answer


@pytest.mark.parametrize("q", [
    "综合评估多久搞一次,两年还是三年?",  # the first part asks the same detail in other words
    "过了截止日期还能提意见吗",
])
def test_a_detail_left_out_asked_twice_or_alone_is_still_declined(q):
    a = answer(q)
    assert a.declined
    # and a first part that is answered is not enough when it asks the same left-out detail
    b = answer("意见在几号截止?截止以后还能再提吗")
    assert not b.declined


@pytest.mark.parametrize(("q", "ref"), [
    ("这件事上市工信局管哪一块", "art-4"),
    ("省厅在示范区建设里具体管哪几块?", "art-4"),
])
def test_a_departments_share_of_the_work(q, ref):
    a = answer(q)
    assert not a.declined and a.citations[0]["ref"] == ref


@pytest.mark.parametrize(("q", "ref"), [
    ("产品创新类第二条是不是要求研发投入占营收5%以上?", "art-6.2.2"),
    ("技术赋能类第3条说的啥", "art-6.3.3"),
    ("深度应用类第1条讲的是什么", "art-6.1.1"),
    ("第3条说的啥", "art-3"),
    ("第15条什么意思", "art-15"),
])
def test_a_types_nth_condition_and_articles_in_digits(q, ref):
    a = answer(q)
    assert not a.declined and a.citations[0]["ref"] == ref


@pytest.mark.parametrize("q", [
    "替我们区拟一个创建方案,要能直接交的",
    "帮咱们开发区把申报材料全写好吧",
    "帮我们县直接写个申报书,五千字",
])
def test_the_service_asked_to_write_the_askers_papers_declines(q):
    a = answer(q)
    assert a.declined and a.verdict is None
