"""Questions that share the draft's words but ask what it does not say (outsider batch JJ's pattern, tested on
wordings of its own) are declined: whether a named body already holds the title, a national zone of the same
name, how the reviewing experts are picked, a yardstick for a judged indicator, a data-centre efficiency
figure, how many comments came in, data leaving the country, enlarging a development zone, and whether
officials are appraised by the zone. What the draft does say stays answered."""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "芜湖经开区有没有已经评上示范区?",
    "国家级的人工智能示范区去哪申报?要什么条件",
    "那些评审专家由谁来挑?",
    "工业数据创新应用那项有没有明确的评判标准?",
    "算力中心的pue值有要求吗",
    "征求意见期间收到了多少条建议?",
    "工厂的生产数据要传到境外,数据出境怎么办手续?",
    "我们开发区想扩园,要报哪里批?",
    "创建示范区的成绩会不会算进区长的政绩考核?",
])
def test_lookalike_questions_outside_the_draft_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer


@pytest.mark.parametrize("q, ref", [
    ("专家评审以后名单怎么定", "art-10"),
    ("人工智能企业是怎么界定的,有没有具体标准?", "annex-3"),
    ("评估不合格的示范区会怎样", "art-12"),
])
def test_what_the_draft_does_say_stays_answered(q, ref):
    a = answer(q)
    assert not a.declined, a.answer
    assert any(c["ref"] == ref for c in a.citations), a.citations
