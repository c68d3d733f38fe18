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
