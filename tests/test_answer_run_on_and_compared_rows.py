"""Batch Q's non-eligibility patterns (issue 15), each in other words than the batch's: run-on questions
whose parts are each answered, indicators described in words or compared across tables, per-table
comparisons of first-level indicators, articles named by their titles or set against each other, whether
the text is in force now, and declines where the draft is silent (publication of comments, treatment by
ownership).
"""
from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


# --- how often, and what is unsaid ----------------------------------------------------------------

def test_how_many_years_between_rounds_is_a_cycle_the_draft_states():
    """几年报一次 asks a cycle (article 7: 原则上每年组织一次), not a length of time the draft leaves open."""
    for q in ("这个示范区多少年评一次啊 省厅会不会另外下通知", "申报是每年都有还是隔几年搞一次"):
        a = answer(q)
        assert not a.declined, (q, a.answer)
        assert _refs(a)[0] == "art-7" and "每年组织一次" in a.answer


def test_whether_comments_or_names_are_made_public_is_declined():
    for q in ("我们反馈的意见最后会不会公开出来", "提建议的时候留的姓名会被公布吗",
              "Will the names of people who send comments be published?"):
        a = answer(q)
        assert a.declined, (q, a.answer)


def test_priority_by_who_owns_the_firms_is_declined():
    for q in ("外资企业多的县区申报时会不会优先考虑", "民营企业在示范区评选里有没有特殊照顾",
              "Are state-owned enterprises treated preferentially when a zone is assessed?"):
        a = answer(q)
        assert a.declined, (q, a.answer)


# --- the notice ---------------------------------------------------------------------------------

def test_how_to_send_comments_asked_as_printing_or_a_phone_gives_the_email_channel():
    a = answer("意见是打印出来寄过去还是怎么弄")
    assert _refs(a)[0] == "notice" and "电子邮件" in a.answer
    b = answer("我在外地出差 拿手机能不能把意见发过去")
    assert _refs(b)[0] == "notice" and "电子邮件" in b.answer


# --- rows described in words ------------------------------------------------------------------------

def test_a_hyphenated_english_compound_finds_its_row():
    a = answer("In the product-innovation table, is the market-share row quantitative?")
    assert _refs(a)[0] == "annex-2/24", _refs(a)
    assert "quantitative" in a.answer


def test_a_row_described_in_words_with_its_table_named_by_type():
    """The row's wording, repeated with the asker's own words around it (几个环节), beats the zone type."""
    a = answer("深度应用类表里那条在多个生产经营环节深度应用人工智能的企业数量 到底要求几个环节")
    assert _refs(a)[0] == "annex-1/9" and not a.declined, (a.answer, _refs(a))
    assert "3个(含)以上" in a.answer
    b = answer("产品创新类指标表中智能产品市场占有率算几分")
    assert _refs(b) == ["annex-2/24"], _refs(b)


def test_a_table_named_keeps_the_other_tables_rows_out():
    a = answer("What is the unit of the market-share indicator in the product innovation table?")
    assert _refs(a)[0] == "annex-2/24" and not any(r.startswith(("annex-1", "annex-3")) for r in _refs(a)), _refs(a)


def test_which_fields_asked_noun_first_lists_them():
    a = answer("产品创新类说的那些领域具体包括哪些 智能家居在不在里面")
    assert _refs(a)[0] == "art-6.2.1" and "智能家居" in a.answer
    b = answer("产品创新示范区的产品领域都有什么")
    assert _refs(b)[0] == "art-6.2.1"


# --- across tables --------------------------------------------------------------------------------

def test_a_second_level_indicator_named_with_two_types_compares_their_rows():
    """研发投入 is a row's words in one table and a group of three rows in the other: that row, and the
    group's rows where nothing tells one of them apart; the rest of the row's wording picks one."""
    a = answer("研发投入这一块 产品创新类和技术赋能类的统计口径和分值有什么不同")
    assert set(_refs(a)) == {"annex-2/7", "annex-2/8", "annex-2/9", "annex-3/12"}, _refs(a)
    assert "规模以上企业研发费用占营业收入比重" in a.answer and "人工智能领域研发投入占营业收入比重" in a.answer
    b = answer("技术赋能类跟产品创新类 研发投入占营业收入比重这个指标分值差多少")
    assert set(_refs(b)) == {"annex-2/7", "annex-3/12"}, _refs(b)


def test_a_group_asked_of_the_other_tables_answers_each_table():
    """One type named, then 另外两张表: every table's rows of that group, each table's count and points."""
    a = answer("组织保障 深度应用那张表有两项 另外两张表呢 各几分")
    tables = {r.split("/")[0] for r in _refs(a)}
    assert tables == {"annex-1", "annex-2", "annex-3"}, _refs(a)
    assert a.answer.count("组织保障") >= 3


def test_the_first_level_indicator_worth_most_in_each_table():
    a = answer("三张表里各自权重最大的一级指标是什么 分别多少分")
    assert "应用水平(40分)" in a.answer and "创新能力(35分)" in a.answer and "创新支撑(30分)" in a.answer
    assert {r.split("/")[0] for r in _refs(a)} == {"annex-1", "annex-2", "annex-3"}
    en = answer("Which first-level indicator has the highest points in every table?")
    assert "Application level 40 points" in en.answer


# --- articles set side by side -----------------------------------------------------------------------

def test_two_articles_named_by_their_titles_are_each_answered():
    a = answer("分类条件跟通用条件是并列的吗 还是只满足其中一个就行")
    assert _refs(a)[:2] == ["art-6", "art-5"], _refs(a)
    assert "通用条件" in a.answer and "分类条件" in a.answer
    en = answer("Are the general conditions and the specific conditions both required, or only one of them?")
    assert _refs(en)[:2] == ["art-5", "art-6"], _refs(en)


def test_two_articles_set_against_each_other_are_answered_without_a_verdict():
    """第三条说…第八条又说…到底: a question about the text, whoever asks, not a may-we-apply."""
    a = answer("我们是宣城宣州区 第三条讲创建主体 第八条讲申报主体 这两条是不是矛盾")
    assert a.verdict is None and set(_refs(a)[:2]) == {"art-3", "art-8"}, (a.verdict, _refs(a))
    assert "作为申报主体" in a.answer


# --- run-on questions ------------------------------------------------------------------------------

def test_a_premise_naming_another_article_is_answered_too():
    """有效期到2027年 and 每年一次 in one breath: both articles said, not only the one the whole ranks first."""
    a = answer("每年组织一次申报 导则又管到2027年 算下来一共能报几批")
    assert {"art-7", "art-15"} <= set(_refs(a)), _refs(a)
    assert "2027年12月31日" in a.answer and "每年组织一次" in a.answer


def test_an_in_force_now_question_states_the_draft_and_its_article():
    a = answer("导则目前生效了没有 我们现在照着它写建设方案有用吗")
    assert _refs(a)[0] == "art-15" and "notice" in _refs(a), _refs(a)
    assert "征求意见稿" in a.answer and "自发布之日起施行" in a.answer
    en = answer("Is the guideline in force yet?")
    assert _refs(en)[0] == "art-15" and "draft for comment" in en.answer


# --- a type's own table -----------------------------------------------------------------------------

def test_an_indicator_its_type_table_lacks_is_said_to_be_lacking():
    """技术赋能类的算力指标: annex 3 has none; annex 1's rows are shown as annex 1's, after saying so."""
    a = answer("技术赋能示范区考不考算力 那个指标占几分")
    assert a.answer.startswith("附件3没有这一项指标"), a.answer
    assert _refs(a)[0] == "annex-1/16"
    b = answer("技术赋能类有没有发明专利方面的指标 几分")
    assert b.answer.startswith("附件3没有这一项指标") and _refs(b)[0].startswith("annex-2/"), (b.answer, _refs(b))


def test_a_type_named_keeps_the_answer_to_its_own_table():
    a = answer("深度应用类里面专精特新企业那项是几分")
    assert _refs(a) == ["annex-1/4"], _refs(a)
    b = answer("深度应用类的营业收入那个指标多少分")  # 营收 in the row, 营业收入 asked: the lexicon's synonym
    assert _refs(b)[0] == "annex-1/2" and "没有这一项" not in b.answer, (b.answer, _refs(b))


def test_the_rows_that_score_a_condition_are_those_of_the_group_it_names():
    """A condition item naming a second-level indicator (创新平台): that group's rows, then the item."""
    a = answer("产品创新类的分类条件要求有创新平台 指标表里哪几项考这个 分别几分")
    assert _refs(a)[:4] == ["annex-2/10", "annex-2/11", "annex-2/12", "annex-2/13"], _refs(a)
    assert "art-6.2.3" in _refs(a) and "分值4分" in a.answer
    en = answer("Which indicators in the scoring table correspond to the innovation platforms required of "
                "product innovation zones?")
    assert _refs(en)[0] == "annex-2/10" and "art-6.2.3" in _refs(en), _refs(en)


def test_what_tables_have_in_common():
    """两张表都有的指标: the rows of the same wording in each; 三张表都有的一级指标: the categories, each table's points."""
    a = answer("产品创新表跟深度应用表有哪些相同的指标")
    assert set(_refs(a)) == {"annex-1/22", "annex-2/28", "annex-1/23", "annex-2/29"}, _refs(a)
    b = answer("三类示范区的指标表共同的一级指标有哪些 各占多少分")
    assert "产业基础(20分)" in b.answer and "产业基础(30分)" in b.answer and "支撑保障(15分)" in b.answer
    assert "应用水平" not in b.answer
    en = answer("Which first-level indicators do both the deep application and product innovation tables have?")
    assert "Industrial base 20 points" in en.answer and "Industrial base 30 points" in en.answer, en.answer


def test_a_first_level_indicator_counted_and_summed():
    a = answer("技术赋能类的创新支撑一共几项 加起来几分")
    assert _refs(a)[0] == "annex-3/12" and "共6项指标，合计30分" in a.answer, (a.answer[:80], _refs(a))
    b = answer("深度应用表的支撑保障有多少项")
    assert _refs(b)[0] == "annex-1/21" and "共3项指标" in b.answer, (b.answer[:80], _refs(b))


def test_the_row_worth_most_asked_by_the_superlative_alone():
    a = answer("产品创新类指标里分数最高的是哪几项")
    assert _refs(a) and all(r.startswith("annex-2/") for r in _refs(a)), _refs(a)
    assert all("分值6分" in a.answer for _ in [0]) and "分值3分" not in a.answer
    b = answer("深度应用类那张表哪个指标分最多")
    assert set(_refs(b)) == {"annex-1/7", "annex-1/11"}, _refs(b)


def test_a_first_level_indicator_with_what_it_holds_without_the_word_indicator():
    """生态建设包括啥, 下面分哪几块: its rows and their sum, even with no 指标 or 项 in the question."""
    a = answer("技术赋能那张表的“服务输出能力”下面分哪几块")
    assert _refs(a)[0] == "annex-3/8" and "平台服务能力" in a.answer and "生态构建能力" in a.answer, _refs(a)
    b = answer("深度应用表“生态建设”包括啥")
    assert _refs(b)[0] == "annex-1/12" and "算力基础设施" in b.answer, _refs(b)


def test_a_first_level_indicator_with_what_it_holds_in_every_table():
    a = answer("三张表的产业基础各自包含哪些内容")
    assert {r.split("/")[0] for r in _refs(a)} == {"annex-1", "annex-2", "annex-3"}, _refs(a)
    assert "附件1 产业基础" in a.answer and "附件3 产业基础" in a.answer


def test_first_level_indicators_compared_across_tables_are_each_tables():
    a = answer("三个类型的指标表一级指标分别怎么设置的 分值差别大吗")
    assert _refs(a) == ["annex-1/1", "annex-2/1", "annex-3/2"], _refs(a)
    assert "应用水平(40分)" in a.answer and "服务输出 能力(30 分)" in a.answer
    en = answer("Compare the first-level indicators of the deep application and technology empowerment tables.")
    assert _refs(en) == ["annex-1/1", "annex-3/2"], _refs(en)


def test_two_parts_answered_by_two_sentences_of_one_article():
    for q in ("评估有几个等次?无故缺席评估怎么算?", "评估等次有哪些 不参加评估的后果是什么"):
        a = answer(q)
        assert "优秀、合格、不合格三个等次" in a.answer and "视为不合格" in a.answer, (q, a.answer)


def test_where_to_send_comments_gives_the_address():
    a = answer("Where should we send our feedback, and until when?")
    assert _refs(a)[0] == "notice" and "chenwubiao@ahjxw.gov.cn" in a.answer and "17 December 2025" in a.answer


def test_a_name_published_with_a_comment_is_declined():
    assert answer("我写的建议会不会跟我的姓名一起被公开").declined
    assert answer("提交意见时填的联系方式会公布出去吗").declined


def test_a_row_asked_in_everyday_words():
    """企业获取算力服务的便利性与成本, asked as 方便吗, 太贵 or cost: the row, not a decline."""
    a = answer("企业买算力太贵 用起来也不方便 这个在指标里算分吗")
    assert _refs(a)[0] == "annex-1/17" and not a.declined, (_refs(a), a.answer[:80])
    en = answer("How is the cost of computing services for enterprises scored?")
    assert _refs(en)[0] == "annex-1/17", _refs(en)


def test_after_recognition_with_le_is_still_after_recognition():
    """认定了以后 is 认定以后: what a zone does then (articles 11 and 13), not how it is recognised."""
    for q in ("认定了以后还要做什么工作", "示范区获批了之后省里还管不管"):
        a = answer(q)
        assert _refs(a)[0] in ("art-11", "art-13"), (q, _refs(a))


def test_english_questions_joined_by_and_are_each_answered():
    a = answer("When does the guideline expire and who is responsible for interpreting it?")
    assert _refs(a)[:2] == ["art-15", "art-14"], _refs(a)
    assert "2027" in a.answer and "interpreted by" in a.answer, a.answer


def test_whether_the_list_is_published_is_article_10_not_a_list_asked_for():
    a = answer("Will the list of recognised zones be made public?")
    assert not a.declined and _refs(a)[0] == "art-10", (_refs(a), a.answer[:80])


def test_another_language_version_is_declined():
    assert answer("Is there an English version of the draft?").declined
    assert answer("Can we read the guideline in English, is an English text published?").declined


def test_two_subjects_asked_the_same_thing_are_each_answered():
    """初审和评审分别是谁做的: the first review (article 8) and the expert review (article 10), each said."""
    a = answer("初审跟评审各自由谁负责")
    assert {"art-8", "art-10"} <= set(_refs(a)), _refs(a)
    assert "初审" in a.answer and "组织专家或委托第三方机构" in a.answer
    b = answer("申报通知和评估通知分别由谁发布")
    assert {"art-7", "art-11"} <= set(_refs(b)), _refs(b)


def test_the_rows_that_score_a_general_condition_named_by_its_number():
    """通用条件第三条's 分析监测体系: the row of that subject in every table, then the item."""
    a = answer("第五条第(三)项提到的分析监测体系 在指标表里有对应的指标吗")
    assert set(_refs(a)[:3]) == {"annex-1/23", "annex-2/29", "annex-3/21"} and "art-5.3" in _refs(a), _refs(a)
    b = answer("第六条(二)第3点说的创新平台 指标表里是哪几项")
    assert _refs(b)[0] == "annex-2/10" and not any(r.startswith("annex-3") for r in _refs(b)), _refs(b)


def test_rows_of_one_method_counted_in_each_table():
    a = answer("每张表的定性指标各有多少项")
    assert "附件1 定性：共3项指标" in a.answer and "附件2 定性：共4项指标" in a.answer and "附件3 定性：共2项指标" in a.answer
    assert {r.split("/")[0] for r in _refs(a)} == {"annex-1", "annex-2", "annex-3"}, _refs(a)
    assert not answer("平台服务企业数量是定量指标吗").citations[0]["ref"].startswith("annex-1/")


def test_a_category_compared_between_two_named_types_in_english():
    a = answer("Between the product innovation and technology empowerment tables, how do the points for support "
               "and safeguards compare?")
    assert _refs(a) == ["annex-2/26", "annex-3/18"], _refs(a)


def test_a_category_one_table_has_asked_of_every_type():
    a = answer("三种示范区里面哪一类的服务输出能力分最多")
    assert _refs(a)[0].startswith("annex-3/") and "只是附件3的一级指标" in a.answer, (a.answer, _refs(a))
