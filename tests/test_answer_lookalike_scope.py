"""Out of scope though close-sounding, and in scope though phrased as off-topic (issue 15, batch FF): another
document the draft only names asked of its content, other authorities' titles (factories, cases, bases,
infrastructure nodes) asked how to obtain, management-system certification, pay and economic statistics, another
region's scheme compared with Anhui's; and in scope: a title taken down (牌子被摘), which firms a figure counts
asked as small companies, an indicator asked after an aside (我不是来申报的). Each in words of its own."""

import pytest

from guidance.answer import answer


def refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize(
    "q",
    [
        # a document the draft names, asked what it says
        "《安徽省加快推动“人工智能+”行动方案》中提出了哪些重点任务?",
        # other authorities' titles, asked how to obtain them
        "省里的5G工厂和灯塔工厂评选,企业在哪报名?",
        "国家级工业互联网标识解析节点的申请条件是什么?",
        "How do we meet the requirements to be designated a lighthouse factory?",
        "国家新型工业化产业示范基地怎么申报?",
        # certification, pay, statistics
        "人工智能管理体系认证(ISO 42001)需要准备什么材料?",
        "做大模型的算法岗工资一般多少",
        "安徽去年工业增加值增速",
        # where to set up a business; another authority's assessment
        "What's the best city in China for an AI company?",
        "智能制造能力成熟度评估怎么申请?",
        # the requirements of other titles, in short or English words
        "國家新型工業化產業示範基地要什麼條件?",
        "MIIT smart factory recognition criteria?",
        "高企认定研发投入要求多少?",
        "生成式AI服务备案流程是什么?",
        # another region's selection, asked how it is done (选出来的: no region in the asker's story)
        "广东的AI示范区是怎么选出来的?",
        # another national zone programme; taxes, even in words of applying (企业…怎么申请)
        "国家工业互联网示范区怎么申报?",
        "企业研发费用能加计扣除多少?",
        "企业所得税优惠怎么申请?",
        # another authority's open call; what a title requires of a firm's figures
        "工信部人工智能揭榜挂帅怎么报名?",
        "高新技术企业的研发占比要求?",
        # another region's scheme compared with Anhui's
        "江苏的人工智能示范区和咱们安徽的差不多吗?",
    ],
)
def test_close_sounding_questions_outside_the_draft_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer


def test_a_document_the_draft_names_is_cited_where_it_names_it():
    a = answer("《国务院关于深入实施“人工智能+”行动的意见》中的发展目标有哪些?")
    assert a.declined, a.answer
    assert refs(a) and refs(a)[0] == "art-1", a.citations


def test_a_title_taken_down_is_article_12():
    a = answer("要是评上以后没做好,会不会被摘掉牌子?")
    assert refs(a)[0] == "art-12", a.answer
    assert "撤销示范区称号" in a.answer


def test_which_firms_a_figure_counts_asked_as_small_companies_is_the_tables_note():
    a = answer("小微公司营收算不算?")
    assert refs(a)[0].startswith("annex-"), a.answer
    assert "规上企业" in a.answer


def test_an_indicator_asked_after_an_aside_is_answered():
    a = answer("我不是来报示范区的,三首产品那一项几分?")
    assert not a.declined, a.answer
    assert refs(a)[0].startswith("annex-2/"), a.answer


def test_once_or_every_year_asked_plainly_is_article_7():
    a = answer("一年评一次还是就这一回?")
    assert not a.declined, a.answer
    assert refs(a)[0] == "art-7", a.answer


def test_a_sign_withdrawn_is_article_12():
    a = answer("干得不好会撤牌子吗?")
    assert refs(a) and refs(a)[0] == "art-12", a.answer


def test_which_table_words_do_not_drown_the_indicator_asked():
    a = answer("三首产品属于哪张表?几分?")
    assert not a.declined, a.answer
    assert refs(a)[0].startswith("annex-2/"), a.answer


def test_whether_it_still_applies_in_a_later_year_is_article_15():
    a = answer("2028年还管用吗?")
    assert not a.declined, a.answer
    assert refs(a)[0] == "art-15", a.answer


@pytest.mark.parametrize("q", ["How are the zones selected?", "How does the province pick its demonstration zones?"])
def test_how_zones_are_selected_in_plain_english_is_article_10(q):
    a = answer(q)
    assert not a.declined, a.answer
    assert refs(a)[0] == "art-10", a.answer
    # another province's selection, in the same words, stays out of scope
    assert answer(q.replace("the province", "Jiangsu").replace("the zones", "Jiangsu's zones")).declined


@pytest.mark.parametrize(
    "q",
    [
        # another programme's zone asked what it holds, not how to apply
        "国家级人工智能创新应用先导区有哪些城市?",
        # another plan asked what it says, with or without its title in 《》
        "安徽省数字经济发展规划的目标是多少?",
        "What does China's New Generation AI Development Plan say about 2030?",
        # money or titles other programmes give, asked how to get them (企业…怎么申请 is no may-we-apply here)
        "企业上云补贴怎么申请?",
        "科技型中小企业评价怎么申请?",
        "5G全连接工厂怎么申报?",
        "国家制造业创新中心怎么创建?",
        "独角兽企业评选标准是什么?",
        # foreign investment rules, stocks, how AI works, business advice
        "外资企业在安徽投资AI有什么限制?",
        "Is it a good time to invest in AI stocks?",
        "大模型是什么原理?",
        "帮我分析一下我们公司适不适合做大模型",
    ],
)
def test_questions_about_other_programmes_plans_and_markets_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer


def test_an_indicator_named_after_a_title_is_still_answered():
    assert not answer("专精特新企业数量在指标里占几分?").declined
    assert not answer("导则依据的行动方案是哪个文件?").declined
    assert answer("数字化转型促进中心怎么申请?").declined
