"""Patterns behind the misses of outsider batch V (issue 15), each tested on wordings of its own: a row named
in the asker's words, the first row of a table, a comparison of rows or of types, the notice's facts, and
questions about other regions' or other programmes' policies."""
import pytest

from guidance.answer import answer


def refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q, ref", [
    # a second-level indicator's name (公共平台建设, 创新平台) inside the row's own wording names the row
    ("人工智能公共算力和开放创新平台建设情况这一项怎么评分,几分", "annex-1/13"),
    ("开放创新平台建设情况那项分值多少", "annex-1/13"),
])
def test_a_group_name_inside_a_rows_wording_names_the_row(q, ref):
    a = answer(q)
    assert refs(a)[0] == ref, a.answer
    assert "定性+定量" in a.answer


def test_a_group_asked_on_its_own_still_lists_its_rows():
    a = answer("创新平台下面都有哪些指标")
    assert len(refs(a)) >= 4 and all(r.startswith("annex-") and "/" in r for r in refs(a)), a.answer


@pytest.mark.parametrize("q, ref", [
    ("What weight do enterprise technology centers carry in the product innovation table?", "annex-2/11"),
    ("Points for the number of manufacturing innovation centers at provincial level?", "annex-2/10"),
])
def test_one_kind_of_innovation_platform_named_in_english_finds_its_own_row(q, ref):
    assert refs(answer(q))[0] == ref


@pytest.mark.parametrize("q, ref", [
    ("gong ye da mo xing kai fa shu liang 那一条几分", "annex-1/10"),
    ("zhi neng gong chang shu liang zhan ji fen 智能工厂那个", "annex-1/11"),
])
def test_pinyin_before_characters_is_read_back(q, ref):
    a = answer(q)
    assert not a.declined, a.answer
    assert refs(a)[0] == ref


def test_latin_words_in_a_chinese_question_are_not_read_as_pinyin():
    a = answer("AI 算力 PFLOPS 那项几分")
    assert refs(a)[0] == "annex-1/16"


@pytest.mark.parametrize("q, ref", [
    ("产品创新示范区指标表里排第一的指标是什么", "annex-2/1"),
    ("技术赋能类那张表的头一个指标几分", "annex-3/2"),  # the table's numbering starts at 2
    ("深度应用表最后一个指标是啥", "annex-1/23"),
    ("What is the last indicator of the technology empowerment table?", "annex-3/21"),
])
def test_a_row_by_its_place_in_the_table(q, ref):
    assert refs(answer(q))[0] == ref


def test_a_row_compared_with_another_row_named_by_half_its_words():
    a = answer("获得省级三首认定的产品数量几分?跟达到国际先进水平的那项有啥不同")
    assert set(refs(a)[:2]) == {"annex-2/16", "annex-2/17"}, a.answer


def test_which_type_is_about_what_leads_with_the_type_described():
    a = answer("Which of the three types is about developing and manufacturing smart products?")
    assert refs(a)[0] == "art-3.2", a.answer
    assert "研发制造具有自主知识产权智能产品" in a.answer


@pytest.mark.parametrize("q", [
    "应用水平这个一级指标是不是只有深度应用类才有?",
    "Is innovation capacity only in the product innovation table?",
])
def test_a_first_level_indicator_only_one_table_has(q):
    a = answer(q)
    assert refs(a)[0].startswith("annex-") and "/" in refs(a)[0], a.answer
    assert "只是" in a.answer or "only" in a.answer


def test_how_to_comment_quotes_the_notice():
    a = answer("这个导则我们有些建议,该怎么反馈?")
    assert refs(a)[0] == "notice"
    assert "征求意见反馈信息表" in a.answer and "通过电子邮件反馈至" in a.answer


def test_where_to_send_comments_gives_the_mailbox_with_the_date():
    a = answer("We have feedback on the draft: where should it go and by when?")
    assert refs(a)[0] == "notice"
    assert "chenwubiao@ahjxw.gov.cn" in a.answer and "2025年12月17日" in a.answer


@pytest.mark.parametrize("q", ["这次征求意见的附件一共有几个", "通知附件都有啥"])
def test_the_notices_attachments(q):
    a = answer(q)
    assert refs(a)[0] == "notice"
    assert "起草情况的说明" in a.answer


@pytest.mark.parametrize("q", [
    "浙江省有没有类似的示范区政策?申报要求一样吗",
    "上海那边有相似的人工智能示范区吗,条件是什么",
])
def test_another_regions_own_policy_is_declined(q):
    a = answer(q)
    assert a.declined and a.verdict is None, a.answer


def test_a_body_of_another_region_asking_to_apply_still_gets_its_verdict():
    a = answer("浙江那边有类似的政策吗,我们是浙江嘉兴的一个县能不能报")
    assert a.verdict == "not_eligible", a.answer


def test_applying_to_the_ministrys_own_pilot_is_declined():
    a = answer("工业和信息化部的人工智能赋能新型工业化试点项目如何申报")
    assert a.declined, a.answer


def test_a_condition_asked_by_a_body_that_means_to_apply_is_answered_from_the_condition():
    a = answer("我们县打算报深度应用类,算法平台正在建设,条件里认不认在建的?")
    assert refs(a)[0] == "art-6.1.2", a.answer
    assert a.verdict is None


def test_a_part_going_on_about_the_city_bureau_is_asked_of_it():
    """也是审批吗 after 市里的工信局…: the city bureau's own review (article 8), not the province's (article 10)."""
    a = answer("市里的工信局主要干啥?也负责审核吗")
    assert refs(a)[:1] == ["art-4"] and "art-8" in refs(a), refs(a)
    assert "初审" in a.answer


@pytest.mark.parametrize("q", [
    "我们认为乡镇也应该列为创建主体,这个建议怎么提交?",
    "We think parks below provincial level should be included; how do we submit this suggestion?",
])
def test_how_to_send_a_comment_about_who_may_apply_is_the_notices(q):
    a = answer(q)
    assert a.verdict is None and not a.declined, a.answer
    assert refs(a)[0] == "notice"


@pytest.mark.parametrize("q", [
    "do we have to use the feedback form, or may we simply write an email with our comments?",
    "我们自己写一份意见直接发邮件行不行,还是一定要填表?",
])
def test_the_asker_writing_a_comment_is_no_request_to_write_for_them(q):
    a = answer(q)
    assert not a.declined, a.answer
    assert refs(a)[0] == "notice" and "征求意见反馈信息表" in a.answer


def test_writing_for_the_asker_is_still_declined():
    assert answer("Could you write us a construction plan for the application?").declined


def test_a_run_on_message_gets_each_question_after_the_verdict():
    """能不能报什么时候报要交什么 typed without a pause: the calendar and the materials come with the verdict."""
    a = answer("我们是潜山市的我们市能不能申报什么时候报要交什么")
    assert a.verdict == "eligible", a.answer
    assert {"art-7", "art-9"} <= set(refs(a)), refs(a)
    assert "每年组织一次" in a.answer


def test_the_first_first_level_indicator_is_no_row():
    """第一个一级指标 asks a category, not the table's first row."""
    a = answer("附件1里第一个一级指标叫什么")
    assert "产业基础" in a.answer
    assert refs(a)[0] != "annex-1/1" or len(refs(a)) > 1, refs(a)
