"""Question types in words the engine had not seen (issue 15, patterns of batch F, other wordings):
what a zone type must have is its conditions even when asked with 算不算; who settles an ambiguity is the
interpreting department; what a designated zone reports regularly; skipping an evaluation; a synonym of the
draft's word (龙头企业 for 领军企业); what a row counts is the table's whole short note.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, ref, fact", [
    ("产品创新类一定要有创新平台吗?还在筹建的算不算", "art-6.2", "创新平台"),
    ("深度应用示范区是不是得有算法平台,正在建设的算不算数", "art-6.1", "拥有或正在建设面向工业应用的人工智能算法平台"),
    ("技术赋能示范区要求有哪些龙头企业", "art-6.3", "人工智能领军企业或平台型公司"),
    ("导则里的条款理解不一致的时候以谁为准", "art-14", "本导则由安徽省工业和信息化厅负责解释"),
    ("评上示范区以后平时要定期报哪些情况", "art-13", "进展情况"),
    ("省里组织评估,我们不参加会怎么样", "art-12", "无故不参加评估的,视为不合格"),
])
def test_the_part_that_says_it_is_quoted(q, ref, fact):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"].startswith(ref), a.citations
    assert fact in a.answer


def test_what_a_row_counts_is_the_tables_whole_short_note():
    a = answer("附件2智能产品产业营业收入的统计口径是什么,规下企业算进去吗")
    assert a.citations[0]["ref"] == "annex-2/2"
    assert "涉及营收数据统计范围只限定规上企业" in a.answer


@pytest.mark.parametrize("q, ref", [
    ("技术赋能示范区要具备什么条件", "art-6.3"),
    ("产品创新类示范区需要满足哪些分类条件?", "art-6.2"),
])
def test_a_types_conditions_asked_whole_are_quoted_whole(q, ref):
    """Only the type named (技术赋能), nothing inside: the whole item with all its points, not the one point
    that happens to repeat the type's name (技术赋能平台)."""
    a = answer(q)
    assert a.citations[0]["ref"] == ref
    assert "1." in a.answer and "3." in a.answer


@pytest.mark.parametrize("q", [
    "附件2里营收那几项,是算所有企业还是只算规上企业?",
    "产品创新类的营业收入指标,统计口径是全部企业吗?",
    "智能产品营业收入只统计规上企业吗?",
])
def test_which_firms_a_revenue_row_counts_is_the_tables_note(q):
    """Which firms the revenue rows count is said by annex 2's note (营收 counts only 规上企业): the note is
    quoted and the table cited, whichever revenue row leads."""
    a = answer(q)
    assert "annex-2" in [c["ref"] for c in a.citations][:2], a.citations
    assert "只限定规上企业" in a.answer, a.answer
