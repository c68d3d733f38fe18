"""Questions about the drafting explanation and about the guideline as a whole (issue 15): a section heading of
the explanation (一、起草背景和过程) is never quoted alone, the passage under it is; the count of chapters is said
in the explanation's own words; purpose goes to article 1 or the background, the main contents to the
explanation's summary of the chapters, and a chapter's content to the explanation's sentence on it.
"""
import pytest

from consultation.document import get_consultation
from guidance.answer import answer
from guidance.index import get_index
from guidance.quoting import best_passage

BACKGROUND = "为贯彻落实《国务院关于深入实施“人工智能+”行动的意见》"


def _explanation_quote(a):
    return next(c["quote"] for c in a.citations if c["ref"] == "explanation")


@pytest.mark.parametrize("q", ["这个导则的起草背景是啥", "起草过程介绍一下", "导则是怎么起草出来的,背景如何",
                               "What was the drafting background?", "What is the background to this guideline?",
                               "Why did they draft this guideline?"])
def test_background_quotes_the_paragraph_not_its_heading(q):
    a = answer(q)
    assert not a.declined and any(c["ref"] == "explanation" for c in a.citations[:3]), (q, a.citations)
    quote = _explanation_quote(a)
    assert BACKGROUND in quote and "牵头起草" in quote, (q, quote)
    assert quote.strip() != "一、起草背景和过程", (q, quote)


def test_a_heading_line_is_never_the_whole_quote():
    """Any text of sections headed 一、… 二、…: a question that fits a heading best gets the section under it."""
    index = get_index()
    text = "一、工作背景\n为落实某某方案,某厅组织编写了本办法。\n二、框架结构\n本办法共三章。\n第一章讲总则。"
    assert best_passage(index, text, "工作背景是什么") == "一、工作背景\n为落实某某方案,某厅组织编写了本办法。"
    assert best_passage(index, text, "框架结构如何") == "二、框架结构\n本办法共三章。\n第一章讲总则。"


@pytest.mark.parametrize("q", ["导则分几章?", "这个征求意见稿一共有几章", "整个文件分多少章",
                               "How many chapters are there in the guideline?"])
def test_chapter_count_is_said_in_the_explanations_words(q):
    a = answer(q)
    said = "《导则》共分为五章,分别是总则、创建条件、申报程序、评估管理、附则"
    assert said in a.answer, (q, a.answer)
    assert a.citations[0]["ref"] == "explanation" and said in a.citations[0]["quote"]


@pytest.mark.parametrize("q", ["为什么要制定这个导则?", "为啥要出台这份导则", "制定这个导则的目的是什么",
                               "What is the purpose of this guideline?", "Why was the guideline made?"])
def test_purpose_goes_to_article_1_or_the_background(q):
    a = answer(q)
    assert a.citations and a.citations[0]["ref"] in ("art-1", "explanation"), (q, a.citations[:2])
    assert all(c["ref"] != "art-14" for c in a.citations[:1])


@pytest.mark.parametrize("q", ["导则的主要内容有哪些", "这份导则主要讲了些什么", "导则都规定了哪些内容",
                               "What are the main contents of the guideline?", "Give me an overview of what the guideline covers"])
def test_main_contents_are_the_explanations_summary(q):
    a = answer(q)
    assert a.citations and a.citations[0]["ref"] == "explanation", (q, a.citations[:2])
    quote = a.citations[0]["quote"]
    assert "第一章" in quote and "第五章" in quote and "共分为五章" in quote, (q, quote)


def test_who_interprets_still_article_14():
    for q in ("本导则由谁负责解释", "Who interprets this guideline?"):
        assert answer(q).citations[0]["ref"] == "art-14"


@pytest.mark.parametrize("q,n", [("第三章申报程序讲了什么", "三"), ("第四章主要写了啥", "四"), ("第二章讲什么", "二"),
                                 ("what does chapter 4 cover", "四"), ("What is Chapter 3 about?", "三"),
                                 ("chapter 1 of the guideline, what does it say", "一")])
def test_a_chapter_is_summarised_by_the_explanation(q, n):
    a = answer(q)
    assert not a.declined and a.citations[0]["ref"] == "explanation", (q, a.citations[:2])
    assert a.citations[0]["quote"].startswith(f"第{n}章"), (q, a.citations[0]["quote"])
    c = get_consultation()
    chapter = f"chapter-{'一二三四五'.index(n) + 1}"
    articles = set(c.node(chapter).children)
    assert any(x["ref"].split(".")[0] in articles for x in a.citations[1:]), (q, a.citations)
