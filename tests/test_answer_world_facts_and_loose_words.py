"""Out of scope though the draft's words are in it, and in scope in loose words (issue 15, batch HH).

Declined: the hardware a model needs, which AI product or school is better, who invested in which firm,
whether a named firm already holds another programme's title, another consultation of the department, another
national authority's programme asked what it measures. Answered: an indicator asked by how it feels to the
asker (方不方便, 贵不贵) and whether it is counted or judged, a title asked whether it is kept for good, the
city's part asked as its role, the document's lifetime, who reviews (the sentence naming the authority), a
title "won" (争取) by a body the draft settles, a scare-quoted word that is not the detail asked, a title
"yanked" after a failed evaluation that is not fixed. Each in words of its own."""

import pytest

from guidance.answer import answer


def refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize(
    "q",
    [
        # hardware a model needs
        "跑一个工业大模型要配几台H100服务器",
        "训练一个行业大模型大概要多少GPU算力卡",
        # which product or school is better
        "通义千问和文心一言，哪个工业大模型更靠谱",
        "孩子明年高考，想报人工智能，省内哪所学校值得去",
        # firms' dealings
        "which Anhui firms are building big AI data centres, and who funded them?",
        # a named firm's status in another programme
        "科大讯飞有没有入选国家级智能工厂",
        "江淮汽车的工厂是不是已经被评为省级智能工厂了",
        # another consultation of the department
        "省工信厅之前发的那个关于工业互联网的征求意见稿，什么时候截止的",
        # another national authority's programme, asked what it measures
        "科技部的人工智能创新基地考核标准是什么",
    ],
)
def test_world_facts_sharing_the_drafts_words_are_declined(q):
    a = answer(q)
    assert a.declined, (q, refs(a), a.answer)
    assert a.verdict is None


@pytest.mark.parametrize(
    "q",
    [
        "卖算力的贵不贵、方不方便，这一项凭印象分还是靠数数",
        "企业搞算力贵不贵那个评分项，是数出来的吗",
    ],
)
def test_an_indicator_asked_as_the_asker_feels_it_is_its_row_and_method(q):
    a = answer(q)
    assert not a.declined
    assert refs(a)[0] == "annex-1/17"
    assert "定性" in a.answer


def test_a_title_asked_whether_it_is_kept_for_good_is_the_evaluation():
    a = answer("牌子一旦挂上就是一劳永逸的吗，会不会隔一阵子被查")
    assert not a.declined
    assert refs(a)[0] in ("art-11", "art-12")
    assert "动态评估和退出机制" in a.answer


@pytest.mark.parametrize("q", ["市一级在这件事上扮演什么角色", "区里办这个事，市里是啥角色，管培养还是管审批"])
def test_the_citys_role_is_article_4(q):
    a = answer(q)
    assert not a.declined
    assert refs(a)[0] == "art-4"
    assert "培育、推荐" in a.answer


@pytest.mark.parametrize("q", ["这份文件能用到哪天为止", "这个导则能用到哪一天", "这份文件的寿命到什么时候"])
def test_the_documents_lifetime_is_article_15(q):
    a = answer(q)
    assert not a.declined
    assert refs(a)[0] == "art-15"
    assert "2027年12月31日" in a.answer


def test_who_reviews_quotes_the_sentence_naming_the_authority():
    a = answer("谁来评审认定示范区，评完公示吗")
    assert refs(a)[0] == "art-10"
    assert "省工业和信息化厅" in a.answer and "公示" in a.answer


def test_a_title_won_by_a_settled_body_gets_its_verdict():
    a = answer("我们是省级经开区，在芜湖，能不能争取这个牌子")
    assert a.verdict == "eligible"


def test_a_scare_quoted_word_is_not_the_detail_asked():
    a = answer("Do you have a 'hotline' sheet or some form for comments — what name does it go by?")
    assert not a.declined
    assert refs(a)[0] == "notice"
    assert "征求意见反馈信息表" in a.answer


@pytest.mark.parametrize("q", ["if our county flunks the check and doesn't fix it, will they yank the badge?",
                               "if our zone tanks the assessment and never sorts it out, do they pull the title?"])
def test_a_title_yanked_after_a_failed_evaluation_is_article_12(q):
    a = answer(q)
    assert refs(a)[0] == "art-12"
    assert "撤销示范区称号" in a.answer
