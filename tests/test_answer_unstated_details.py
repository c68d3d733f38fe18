"""More details the draft leaves open (issue 15, batch F's patterns in other words): a recommendation quota,
the year the indicator data come from, the scoring rule of a row, how long an objection during publicity
takes, and the dates of a year's call for applications. Each is declined, quoting what the draft says.
A question about the publicity itself, typed with 公式 for 公示, is still answered.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "一个市最多可以向省厅推荐几个示范区?",
    "每个县最多能报几个类型?上限多少个",
    "申报时填的指标数据是哪一年的?",
    "用2025年的统计数据还是2024年的?",
    "人工智能规上企业数量那项,多少个算满分?",
    "附件2的指标怎么打分,有没有打分细则",
    "公示期间有人提出异议,多久能出结果?",
    "2027年那一批什么时候开始申报?",
    "今年的示范区申报什么时候截止?",
])
def test_a_detail_the_draft_leaves_open_is_declined(q):
    a = answer(q)
    assert a.declined, a.answer
    assert "chenwubiao@ahjxw.gov.cn" in a.answer


@pytest.mark.parametrize("q, ref, fact", [
    ("拟认定的示范区名单在哪里公式?", "art-10", "在厅门户网站进行公示"),
    ("意见反馈的截止时间是哪天?", "notice", "2025年12月17日"),
])
def test_close_wordings_are_still_answered(q, ref, fact):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] == ref and fact in a.answer


@pytest.mark.parametrize("q", [
    "评估结果为优秀的示范区占多大比例?",
    "评审专家一般有几位?",
    "建设方案有字数限制吗,要写多少字",
    "申报书要盖哪个单位的章?",
    "评审的时候要不要去答辩?",
    "认定后的示范区称号有效期几年?",
    "认定以后还能更换类型吗",
    "What is the budget of each demonstration zone?",
    "How many experts sit on the review panel?",
])
def test_more_details_the_draft_does_not_set_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer
    assert "chenwubiao@ahjxw.gov.cn" in a.answer


@pytest.mark.parametrize("q, ref", [
    ("技改项目占比那一项多少分", "annex-1/6"),
    ("申报主体是县政府还是县工信部门?材料谁盖章", "art-8"),
])
def test_close_wordings_of_those_details_are_answered(q, ref):
    a = answer(q)
    assert not a.declined and a.citations[0]["ref"] == ref, a.answer
