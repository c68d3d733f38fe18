"""A detail the draft leaves open is declined, not answered with the article that mentions the subject (issue 15).

The draft says 一定期限 (a period), 定期 (regularly), nothing of a pass mark, a quota, a fee or a template;
quoting the right article as if it answered "how many months" misleads. A vague question (多久, how long)
is still answered from the part that speaks of it.
"""
import pytest

from guidance.answer import answer
from guidance.asks import unstated


@pytest.mark.parametrize("q", [
    "整改期限一般给几个月?",
    "专家评审合格线是多少分?",
    "What is the pass mark for the expert review?",
    "每个市推荐示范区有名额吗",
    "申报示范区要交评审费吗",
    "建设方案有没有模板可以下载",
    "Is there a template for the self-assessment report I can download?",
    "第一批认定名单公布了吗",
    "综合评估是不是每三年一次?",
    "蚌埠市2023年规上制造业企业有多少家?",
    "做算法平台,选华为好还是阿里好?",
    "省工信厅的办公地址在哪里?",
])
def test_a_detail_the_draft_leaves_open_is_declined_with_what_it_says(q):
    a = answer(q)
    assert a.declined, a.answer
    assert "chenwubiao@ahjxw.gov.cn" in a.answer  # the office to ask


def test_the_decline_quotes_what_the_draft_does_say():
    a = answer("整改期限一般给几个月?")
    assert a.declined and a.citations[0]["ref"] == "art-12"
    assert "给予一定期限整改" in a.answer


@pytest.mark.parametrize("q, ref", [
    ("整改期限是多久?", "art-12"),  # vague: answered from the part that speaks of it
    ("示范区评估多长时间一次?", "art-11"),
    ("示范区申报多久组织一次?", "art-7"),
    ("征求意见截止到几月几号?", "notice"),
    ("导则有效期到哪一年?", "art-15"),
    ("附件1一共有几项指标?", "annex-1"),
])
def test_a_detail_the_draft_states_is_answered(q, ref):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"].startswith(ref)


def test_a_year_the_draft_names_is_not_a_figure_it_lacks():
    draft = "有效期至2027年12月31日"
    assert unstated("2027年以后还有多少年?", "有效期至2027年12月31日", draft) is None
    assert unstated("2024年营收是多少?", "附件3第3项", draft) == "figure"


@pytest.mark.parametrize("q", [
    "称号撤销之后,多长时间以后可以重新申请?",  # a waiting period the answer does not state
    "What is the deadline for the city bureau to finish reviewing the evaluation materials?",
    "申报书要交纸质的吗?需要几份?",  # paper or electronic, copies
    "反馈表发出去以后有回执吗?",  # acknowledgement
    "评上示范区以后能不能减税或者拿到贷款?",  # a kind of support the draft does not name
    "请帮忙统计一下我们市的智能工厂有几家",  # the asker's own figures
    "工信部国家级人工智能示范项目的申报条件有哪些",  # another programme
    "往年已经认定过的示范区名单能看吗",  # precedents
    "我们是国家级两化融合示范区,能不能同时挂人工智能示范区的牌子",  # another title held at once
])
def test_more_details_the_draft_leaves_open_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer


@pytest.mark.parametrize("q, ref", [
    ("What's the deadline for sending comments?", "notice"),  # a date the notice states
    ("评估不合格的整改期限多久?", "art-12"),
    ("评估优秀的在资金上有没有支持?", "art-12"),  # support the draft names
    ("认定以后挂什么牌子?", "art-10"),  # the title itself is stated
])
def test_details_the_draft_states_are_still_answered(q, ref):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"].startswith(ref)


@pytest.mark.parametrize("q", [
    # the zones already designated: the draft lists none
    "目前已经认定的示范区都有哪些?",
    "现在已认定的示范区名单能发一份吗",
    # the experts: the draft names none
    "今年评审专家都有谁?能把专家名单给我们吗",
    "Print the list of the expert panel members for this round.",
    # when a future call comes out
    "明年的申报通知大概什么时候发?",
    "下一次申报通知几月份出?",
    # whether each comment gets its own reply
    "我们提的建议会逐条答复吗?",
    "意见提交以后能看到采纳结果吗?",
    # a title after the guideline expires
    "导则有效期满以后,示范区称号还有效吗?",
    "2027年底导则失效后,已评上的示范区资格还保留吗?",
    # why rows are missing from a table
    "附件1序号19、20是被删除了还是漏印了?",
    "深度应用表里缺的那两项原来是什么指标?",
    # a document the service cannot issue
    "请给我们开一份通过初审的证明,盖章发邮箱",
    "能不能出具一个申报资格的证明函",
    # a threshold the draft takes from elsewhere
    "规上企业的营收门槛是多少?",
])
def test_what_the_draft_does_not_hold_is_declined(q):
    a = answer(q)
    assert a.declined, a.answer


def test_who_stamps_the_papers_is_still_answered():
    """盖章 asked of the procedure (材料谁盖章) is article 8's, not a request for a document."""
    a = answer("申报材料由谁盖章?县政府还是县工信局?")
    assert not a.declined and a.citations[0]["ref"] == "art-8", a.answer
