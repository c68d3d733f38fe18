"""Answers that keep the asker's name for the body, decline what the draft leaves unsaid, and read typos by
sound (issue 15, batch L).

A provincial 经济开发区 is a development zone (article 3 admits 省级(含以上)开发区): the answer names it as the
asker did, never as an 经济技术开发区 it may not be. How long rectification lasts, a phone number to call
and a title after the guideline expires are not in the draft: declined with the office's contact. The
mailbox typed by sound (邮相, 反溃) is the draft's 邮箱 and 反馈, corrected by the speller from the draft's
own vocabulary (no typo listed in the lexicon, where it would hide the right word from the speller).
"""
import pytest

from guidance.answer import answer
from guidance.index import get_index
from guidance.text import normalise

_MAILBOX = "chenwubiao@ahjxw.gov.cn"
_SUBJECT = "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议"


@pytest.mark.parametrize("q, verdict", [
    ("我们是安徽宿州的省级经济开发区，能申报吗", "eligible"),
    ("芜湖这边有个省级经济开发区，就是我们，名字里没有技术两个字，可以申报吗", "depends"),
    ("We are a provincial economic development zone in Chuzhou, Anhui. Can we apply?", "eligible"),
])
def test_a_provincial_economic_development_zone_is_not_renamed(q, verdict):
    """Named as the asker names it (never an 经济技术开发区 it may not be): a provincial development zone,
    eligible, unless the asker sets it apart from the types article 3's brackets name
    (tests/test_eligibility_safety.py)."""
    a = answer(q)
    assert a.verdict == verdict, a.answer
    head = a.answer.split("：", 1)[0].split(":", 1)[0]
    assert "经济技术" not in head and "technological" not in head, head


@pytest.mark.parametrize("q", [
    "评估不合格的话，给多长时间整改？",
    "整改期给多久？",
    "不合格后留多长时间让我们改？",
])
def test_how_long_rectification_lasts_is_declined(q):
    a = answer(q)
    assert a.declined and _MAILBOX in a.answer, a.answer


def test_how_long_to_rectify_asked_loosely_is_still_answered_from_article_12():
    a = answer("如果评估 result 是不合格, 要 rectify 多久?")
    assert not a.declined and a.citations[0]["ref"] == "art-12", a.answer


@pytest.mark.parametrize("q", [
    "有没有热线？打哪个电话问？",
    "想电话咨询，打给谁比较好？",
    "咨询的话应该给谁打电话？",
])
def test_whom_to_phone_is_declined_with_the_mailbox(q):
    a = answer(q)
    assert a.declined and _MAILBOX in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "导则失效以后，我们的示范区称号还算数吗？",
    "2027年12月31日以后称号还有效吗",
    "After the guideline expires in 2027, do designated zones keep their title?",
])
def test_a_title_after_the_guideline_expires_is_declined(q):
    a = answer(q)
    assert a.declined and _MAILBOX in a.answer, a.answer


@pytest.mark.parametrize("typed, meant", [
    ("意见反溃的邮相", "意见反馈的邮箱"),
    ("提意见发哪个邮相", "提意见发哪个邮箱"),
])
def test_words_typed_by_sound_become_the_drafts(typed, meant):
    assert get_index().speller.correct(normalise(typed)) == meant


@pytest.mark.parametrize("q", [
    "反溃意见的邮相和主题分别是什么",
    "提意见发哪个邮相？邮件主题要写什么",
    "意见反溃发到哪个邮相，标题怎么写",
])
def test_the_mailbox_and_subject_asked_with_typos_are_both_given(q):
    a = answer(q)
    assert not a.declined and _MAILBOX in a.answer and _SUBJECT in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "去年没参加评估，会不会影响我们的示范区称号？",
    "无故不参加评估会被摘牌吗？",
    "评估的时候我们没去参加，称号还保得住吗",
])
def test_whether_a_missed_evaluation_costs_the_title_quotes_what_happens_to_it(q):
    """Not taking part counts as failing, and failing after rectification revokes the title: both sentences
    of article 12, since the question asks about the title."""
    a = answer(q)
    assert not a.declined and a.citations[0]["ref"] == "art-12", a.answer
    assert "视为不合格" in a.answer and "撤销示范区称号" in a.answer, a.answer


def test_a_missed_evaluation_asked_alone_is_answered_by_its_sentence():
    a = answer("没参加评估算什么？")
    assert a.citations[0]["ref"] == "art-12" and "视为不合格" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "How do the three types of demonstration zone differ?",
    "What is the difference between the three kinds of zone, which one is about using AI and which about making it?",
    "Explain to an outsider how the three zone types are different from each other.",
])
def test_how_the_three_types_differ_cites_each_types_item(q):
    """Article 3's items define the types: the answer sets them side by side and cites each item."""
    a = answer(q)
    refs = [c["ref"] for c in a.citations]
    assert refs[:3] == ["art-3.1", "art-3.2", "art-3.3"], refs


@pytest.mark.parametrize("q, table, fact", [
    ("Our zone is 合肥高新区, a national high-tech zone. Can we go for the 产品创新 type, and how many points does "
     "产业基础 carry in that table?", "annex-2", "产业基础(30分)"),
    ("We are 芜湖经开区, a national-level ETDZ. Can we apply for the 深度应用 type, and how many points is 应用水平 "
     "worth?", "annex-1", "应用水平(40分)"),
])
def test_an_english_question_with_chinese_terms_is_not_cut_at_the_script_change(q, table, fact):
    """"how many points does 创新支撑 carry" is one part: cut before the Chinese term, its table was lost."""
    a = answer(q)
    refs = [c["ref"] for c in a.citations]
    assert a.verdict == "eligible" and refs[refs.index("art-8") + 1] == table, refs
    assert fact in a.answer.replace(" ", ""), a.answer
