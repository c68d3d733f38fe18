"""Answer patterns of batches UU and WW, in wordings of our own: a question whose main ask a provision governs
and whose follow-up asks a detail it leaves open (the length of 一定期限, the day of a yearly call) is answered
from that provision, naming the detail and where to ask (not declined whole); a first-level indicator's or a
table's rows ranked by points; a comment on a row told in a story, then how and by when to send it (the
notice first); advice on shares and funds (out of scope); who is responsible for what (article 4)."""
from __future__ import annotations

import pytest

from guidance.answer import answer

OFFICE = "chenwubiao@ahjxw.gov.cn"


@pytest.mark.parametrize(("q", "ref", "facts", "left"), [
    ("被评为不合格的示范区会怎么样?给多长时间整改?", "art-12", ["整改", "一定期限"], "给多长时间整改"),
    ("考核没通过会有什么后果,整改要几个月", "art-12", ["撤销示范区称号", "一定期限"], "整改要几个月"),
    ("申报截止是哪天?今年还来得及吗", "art-7", ["每年组织一次", "发布申报通知"], "申报截止是哪天"),
    ("申报的截止日期是几号?我们今年来得及吗?", "art-7", ["发布申报通知"], "申报的截止日期是几号"),
])
def test_a_governed_main_ask_is_answered_and_the_open_detail_named(q, ref, facts, left):
    a = answer(q)
    assert not a.declined
    assert a.citations[0]["ref"] == ref
    for fact in facts:
        assert fact in a.answer
    assert f"征求意见稿没有写明问题中的这一点：“{left}”" in a.answer
    assert OFFICE in a.answer  # where to ask for the detail


@pytest.mark.parametrize(("q", "ref", "left"), [
    ("What happens if a zone fails the evaluation? How many months does it get to fix things?", "art-12",
     "how many months does it get to fix things"),
    ("What is the deadline for applications? Is it too late for this year?", "art-7", "what is the deadline for applications"),
])
def test_a_governed_main_ask_in_english(q, ref, left):
    a = answer(q)
    assert not a.declined
    assert a.citations[0]["ref"] == ref
    assert left in a.answer and OFFICE in a.answer


@pytest.mark.parametrize("q", [
    "整改期多长?",  # the detail alone
    "2026年的申报截止日期是哪天?",
    "整改期是多久,三个月还是半年?",  # the detail twice, the second a choice
    "评审专家都有谁?名单能公开吗?",  # a yes-or-no on the same thing is no open question of its own
    "总分多少分才能认定?有没有最低分数线?",
    "一个县能不能同时申报深度应用类和产品创新类两个类型?评审由谁负责?",  # the left-out ask first: the main one
    "同一个区能不能同时报两类?谁来评审?",
])
def test_a_left_out_detail_without_a_governed_main_ask_is_still_declined(q):
    assert answer(q).declined


@pytest.mark.parametrize(("q", "first", "also", "facts"), [
    ("深度应用类表里“应用水平”这个一级指标总共几分?里面哪两项分值最高?", ["annex-1/7", "annex-1/11"], "annex-1/6",
     ["40分", "共6项指标", "分值最高的是附件1第7项、附件1第11项，各8分"]),
    ("附件1中生态建设部分哪几项分值最大", ["annex-1/14", "annex-1/15", "annex-1/16", "annex-1/17"], None,
     ["生态建设：共7项指标，合计25分", "各4分"]),
    ("技术赋能类指标表,支撑保障下面分最低的是哪项?", ["annex-3/18"], "annex-3/19", ["分值最低的是附件3第18项，2分"]),
    ("产品创新类的创新能力一共多少分,其中哪项分值最高?", ["annex-2/10", "annex-2/14"], None, ["35分"]),
])
def test_a_first_level_indicators_rows_by_points(q, first, also, facts):
    a = answer(q)
    refs = [c["ref"] for c in a.citations]
    assert refs[:len(first)] == first
    if also:
        assert also in refs
    for fact in facts:
        assert fact in a.answer


@pytest.mark.parametrize(("q", "first", "fact"), [
    ("附件2里分值最高的是哪几项", ["annex-2/1", "annex-2/4", "annex-2/5", "annex-2/6"], "各6分"),
    ("附件3里哪项指标分值最低?", ["annex-3/18"], "2分"),
    ("Which indicator in table 3 has the most points?", ["annex-3/8", "annex-3/9"], "10 points each"),
    ("In the deep-application table, how many points is the application level worth, and which of its indicators "
     "carry the most points?", ["annex-1/7", "annex-1/11"], "Application level: 6 indicators, 40 points in all"),
])
def test_a_tables_rows_by_points(q, first, fact):
    a = answer(q)
    assert [c["ref"] for c in a.citations][:len(first)] == first
    assert fact in a.answer


@pytest.mark.parametrize("q", [
    "指标表总分多少分以上才能被认定？有没有最低分数线？",  # a pass mark, not the row with the fewest points
    "深度应用示范区的“应用水平”一级指标一共多少分?在整张表里是不是权重最大?",  # the category compared, not its rows
])
def test_not_a_ranking_of_rows(q):
    a = answer(q)
    assert not any(x in a.answer for x in ("分值最高的是附件", "分值最低的是附件"))


@pytest.mark.parametrize(("q", "facts"), [
    ("我在芜湖一家车企做了二十年设备,现在退休了。导则里工业数据创新应用情况那一项是定性加定量,我觉得应该全部量化。"
     "我这种普通老百姓能不能提意见?怎么提,几号截止?", ["征求意见反馈信息表", "2025年12月17日"]),
    ("我们园区搞了好几年数据中心,区域智能算力供给能力那项给4分太少了,我想反映一下,发到哪个邮箱?", [OFFICE]),
    ("我觉得第五条的条件太严了,普通市民能提意见吗?截止到哪天?", ["现向社会公开征求意见", "2025年12月17日"]),
    ("I used to work at a chemical plant. The row on industrial data innovation application seems unfair to me, it's "
     "only judged. Can an ordinary citizen comment? How, and by when?", ["征求意见反馈信息表", "17 December 2025"]),
])
def test_a_comment_told_in_a_story_asks_the_notice(q, facts):
    a = answer(q)
    assert a.citations[0]["ref"] == "notice"
    for fact in facts:
        assert fact in a.answer


def test_a_rows_own_fact_asked_with_a_comment_is_still_the_row():
    a = answer("区域智能算力供给能力这项几分?能不能提意见?")
    assert a.citations[0]["ref"] == "annex-1/16"


@pytest.mark.parametrize("q", [
    "给我推荐几只人工智能概念股",
    "安徽哪只AI股票值得买?",
    "示范区政策出来了,相关板块会不会涨,现在能抄底吗",
    "有没有人工智能主题的基金推荐",
    "我们县想报示范区,顺便问下龙头股有哪些",
    "Which AI stocks should I buy now that Anhui has this policy?",
    "Give me some stock picks for Anhui AI companies",
])
def test_investment_advice_is_out_of_scope(q):
    a = answer(q)
    assert a.declined and not a.citations


@pytest.mark.parametrize(("q", "ref"), [
    ("I'm an investor comparing the three zone types. What distinguishes them?", "art-3"),
    ("人工智能项目投资增速这项几分", "annex-3/16"),
])
def test_an_investor_or_investment_indicator_is_still_in_scope(q, ref):
    a = answer(q)
    assert not a.declined and a.citations[0]["ref"].startswith(ref)


@pytest.mark.parametrize("q", [
    "示范区的申报管理和考核归哪个部门负责?各市负责什么?",
    "哪个部门负责申报管理,市里管什么",
    "谁负责示范区的申报管理工作,市工信局干什么?",
    "Which department is in charge of managing applications and evaluating the zones, and what do the cities do?",
])
def test_who_is_responsible_for_what_is_article_4(q):
    a = answer(q)
    assert not a.declined
    assert a.citations[0]["ref"] == "art-4"


def test_who_files_is_still_article_8():
    assert answer("哪个部门负责申报?").citations[0]["ref"] == "art-8"
