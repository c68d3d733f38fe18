"""Patterns behind the misses of outsider batch CC (issue 15), each tested on wordings of its own.

Whether a thing counts is answered by the one item that names it (a list of fields), not by the zone
type's definition around it; a voucher is money the draft never names; whether the guideline is extended
is not said; how many of a thing, where the draft says 多个 of that thing, is answered in its words (a least
number is not); AI in a row's wording is the draft's 人工智能; a zone's boundary is its 四至范围; a national
ministry's scenario programme is another programme."""

import pytest

from guidance.answer import answer
from guidance.index import get_index


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize(
    "q, fact",
    [
        ("做网联汽车的算不算产品创新类的领域", "智能网联汽车"),
        ("我們是做醫療設備的,在產品創新類裏算不算", "智能医疗设备"),
        ("搞家居的算不算产品创新示范区列的方向", "智能家居"),
    ],
)
def test_a_thing_asked_whether_it_counts_cites_the_item_naming_it(q, fact):
    a = answer(q)
    assert _refs(a)[0] == "art-6.2.1", _refs(a)
    assert fact in a.answer


@pytest.mark.parametrize(
    "q",
    [
        "数据券在哪里申请?",
        "我们园区的企业怎么领创新券",
        "How can our firms claim compute vouchers?",
    ],
)
def test_vouchers_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer


@pytest.mark.parametrize(
    "q", ["导则到期后还会续期吗", "有效期满了能不能顺延", "Will the guideline be renewed after it expires?"]
)
def test_whether_the_guideline_is_extended_is_unstated(q):
    a = answer(q)
    assert a.declined, a.answer
    assert _refs(a)[0] == "art-15", _refs(a)


def test_the_validity_date_itself_is_still_answered():
    a = answer("导则管到哪一年")
    assert not a.declined and "2027" in a.answer, a.answer


def test_a_count_the_draft_words_as_several_is_answered():
    a = answer("深度应用示范区得有几个成熟应用场景?")
    assert not a.declined, a.answer
    assert "多个成熟应用场景" in a.answer


def test_a_least_number_is_still_unstated():
    a = answer("深度应用示范区起码要有几个应用场景")
    assert a.declined, a.answer


@pytest.mark.parametrize(
    "q, ref, points",
    [
        ("AI產業營收增長速度那條幾分", "annex-3/4", "3"),
    ],
)
def test_ai_in_a_rows_wording_is_the_drafts_word(q, ref, points):
    a = answer(q)
    assert _refs(a)[0] == ref, _refs(a)
    assert points + "分" in a.answer


def test_ai_leaves_a_row_it_does_not_name_unnamed():
    a = answer("AI人才数量那项几分")
    assert not any(r.startswith("annex-3/2") for r in _refs(a)), _refs(a)


@pytest.mark.parametrize("q", ["示范区的边界有什么讲究", "區域邊界是不是要先劃清楚"])
def test_a_boundary_is_the_drafts_four_limits(q):
    a = answer(q)
    assert _refs(a)[0] == "art-5.1", _refs(a)
    assert "四至范围明确" in a.answer


def test_a_national_ministrys_scenario_programme_is_declined():
    a = answer("工业和信息化部的人工智能应用场景征集怎么申请")
    assert a.declined, a.answer


@pytest.mark.parametrize(
    "q", ["产品创新和技术赋能两类各自得有什么平台,区别在哪", "产品创新类和技术赋能类要有的平台有什么不同"]
)
def test_two_types_compared_on_what_they_must_have_quote_their_condition_items(q):
    a = answer(q)
    assert _refs(a)[:2] == ["art-6.2.3", "art-6.3.2"], _refs(a)
    assert "制造业创新中心" in a.answer and "技术赋能平台" in a.answer


def test_a_terms_second_word_typed_by_its_sound_is_the_term():
    a = answer("示范区的申报主题是谁")
    assert _refs(a)[0] in ("art-8", "art-3"), _refs(a)  # 申报主体: who files (article 8), of the subjects (article 3)
    assert get_index().speller.correct("创建主题是哪些单位") == "创建主体是哪些单位"


def test_the_drafts_own_subject_line_is_kept():
    a = answer("反馈邮件的主题怎么写")
    assert _refs(a)[0] == "notice", _refs(a)
