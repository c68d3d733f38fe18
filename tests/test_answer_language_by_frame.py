"""The answer's language is the question's frame, not its script (issue 15): an English sentence that embeds
the draft's Chinese names is answered in English, with those names quoted; a Chinese sentence with an English
word or two is answered in Chinese. English answers keep the facts a Chinese one states (the points, the
method with its official word, the table's headings)."""
import pytest

from guidance.answer import answer
from guidance.text import language


@pytest.mark.parametrize("q", [
    "How many points is the 专精特新 row worth in annex 2?",
    "Which unit does 区域智能算力供给能力 use?",
    "May 宁国市 apply for this?",
    "Is 分析监测体系建设情况 scored qualitatively or quantitatively?",
    "Our 经开区 is 国家级, can we apply?",
    "Tell me the deadline for 意见反馈, please.",
    "What does the 技术赋能 type require of its zones?",
])
def test_an_english_sentence_with_chinese_names_is_english(q):
    assert language(q) == "en"
    assert answer(q).language == "en"


@pytest.mark.parametrize("q", [
    "发邮件提意见的时候 subject 要写什么?",
    "附件2里 SRDI 企业数量那一项几分?",
    "我们 zone 是国家级的,能申报吗?",
    "PFLOPS 是什么单位,表里哪一项用它?",
    "评估 fail 了还能整改吗?",
    "截止日期是哪天?我们想赶在 deadline 前发 email",
])
def test_a_chinese_sentence_with_english_words_is_chinese(q):
    assert language(q) == "zh"
    assert answer(q).language == "zh"


def test_traditional_characters_frame_the_same_way():
    assert language("附件2裡 SRDI 企業數量那一項幾分?") == "zh"
    assert language("How many points is the 專精特新 row worth in annex 2?") == "en"


@pytest.mark.parametrize("q, facts", [
    ("How many points does the 专精特新 row carry in annex 2?", ["6", "quantitative (定量)", "智能产品领域专精特新企业数量"]),
    ("Is the 分析监测体系 row of table 1 qualitative?", ["5", "qualitative (定性)", "分析监测体系建设情况"]),
    ("Which unit is 区域智能算力供给能力 measured in?", ["PFLOPS", "4"]),
])
def test_english_row_answers_state_the_fact_and_the_official_words(q, facts):
    a = answer(q)
    assert a.language == "en"
    assert all(f in a.answer for f in facts), a.answer


@pytest.mark.parametrize("q, heading", [
    ("In the deep-application table, how many points does 应用水平 carry altogether?", "应用水平(40分)"),
    ("Our zone is a national high-tech zone. Can we go for the 技术赋能 type, and how many points is 创新支撑 worth there?",
     "创新支撑(30分)"),
])
def test_english_answers_quote_the_official_heading_of_a_first_level_indicator(q, heading):
    a = answer(q)
    assert a.language == "en" and heading in a.answer, a.answer
